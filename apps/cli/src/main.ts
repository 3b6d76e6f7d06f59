import { Command } from 'commander';
import { clientOptionsFromEnv, CliError } from './api-client.js';
import { infoCommand } from './commands/info-command.js';
import { statusCommand } from './commands/status-command.js';

/** `berth`: the command line over the REST API. Options are parsed here; each command lives in its own file. */
export function buildCli(setExitCode: (code: number) => void): Command {
  const program = new Command('berth').description('Berth container platform: command line over the REST API (BERTH_URL, BERTH_TOKEN)').showHelpAfterError();
  program
    .command('status')
    .description('is the server up and ready (database reachable and migrated)?')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => setExitCode(await statusCommand(clientOptionsFromEnv(), { json: options.json ?? false })));
  program
    .command('info')
    .description('show facts about the host Berth runs on')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => setExitCode(await infoCommand(clientOptionsFromEnv(), { json: options.json ?? false })));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await buildCli((code) => (exitCode = code)).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`berth: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
