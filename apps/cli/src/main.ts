import { Command, CommanderError } from 'commander';
import { createContext, processIo, type CliContext, type CliIo } from './cli-context.js';
import { RUN_FAILED_EXIT_CODE } from './cli-error.js';
import { CLI_VERSION } from './version.js';
import { modulesFor } from './command-table.js';
import { describeFailure } from './report-error.js';

/**
 * `berth`: the command line over the REST API, shaped like docker's. Each command parses its
 * own options in its own file and calls the typed client from @berth/contracts. Only the
 * command files `argv` needs are loaded (command-table.ts), so a command starts quickly.
 */
export async function buildCli(context: CliContext, argv: readonly string[] = []): Promise<Command> {
  // Settings made here are inherited by every subcommand created with `.command()`.
  const program = new Command('berth')
    .description('Berth container platform: command line over the REST API (BERTH_URL, BERTH_TOKEN or ~/.config/berth/config.json)')
    .version(`berth version ${CLI_VERSION}`, '-v, --version', 'print the version')
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: context.out, writeErr: context.err });
  const registers = await Promise.all(modulesFor(argv).map((module) => module.load()));
  for (const register of registers) register(program, context);
  return program;
}

/**
 * Runs one command line and answers its exit status; nothing here calls process.exit. `io`
 * is the process's own unless a test gives its buffers.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const context = createContext(io, (code) => (exitCode = code));
  try {
    await (await buildCli(context, argv)).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return usageExitCode(error, argv);
    const failure = describeFailure(error);
    if (!failure) throw error;
    context.err(`${failure.line}\n`);
    return failure.exitCode;
  }
}

/** Help and version exit 0; a usage error 1, or 125 for `run` as in docker (commander printed the message). */
function usageExitCode(error: CommanderError, argv: string[]): number {
  if (error.exitCode === 0) return 0;
  return argv[2] === 'run' ? RUN_FAILED_EXIT_CODE : error.exitCode;
}
