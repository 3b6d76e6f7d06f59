import { Command } from 'commander';
import { RuntimeError } from '../model/runtime-error.js';
import { writeDefaultSpec } from './spec-command.js';

/**
 * `berth-runtime`: runc's command line, so tools that drive runc (containerd, benchmarks)
 * can drive Berth. Each verb's work lives in the library; this file only parses options.
 */
export function buildCli(): Command {
  const program = new Command('berth-runtime')
    .description("Berth's OCI runtime, with runc's command line")
    .option('--root <dir>', 'state root for container state', process.env['BERTH_ROOT'] ?? '/run/berth')
    .showHelpAfterError();

  program
    .command('spec')
    .description('create a default config.json in the bundle')
    .option('-b, --bundle <dir>', 'path to the bundle directory', '.')
    .action(async (options: { bundle: string }) => {
      await writeDefaultSpec(options.bundle);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof RuntimeError) {
      process.stderr.write(`berth-runtime: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
