import { Command, CommanderError } from 'commander';
import { createContext, processIo, type CliContext, type CliIo } from './cli-context.js';
import { RUN_FAILED_EXIT_CODE } from './cli-error.js';
import { registerAudit } from './commands/access/audit.js';
import { registerLogin, registerLogout } from './commands/access/login.js';
import { registerTeam } from './commands/access/team-command.js';
import { registerToken } from './commands/access/token-command.js';
import { registerWhoami } from './commands/access/whoami.js';
import { registerAttach } from './commands/containers/attach.js';
import { registerCreate } from './commands/containers/create.js';
import { registerExec } from './commands/containers/exec.js';
import { registerKill } from './commands/containers/kill.js';
import { registerLogs } from './commands/containers/logs.js';
import { registerPause } from './commands/containers/pause.js';
import { registerPs } from './commands/containers/ps.js';
import { registerRename } from './commands/containers/rename.js';
import { registerRestart } from './commands/containers/restart.js';
import { registerRm } from './commands/containers/rm.js';
import { registerRun } from './commands/containers/run.js';
import { registerStart } from './commands/containers/start.js';
import { registerStats } from './commands/containers/stats.js';
import { registerStop } from './commands/containers/stop.js';
import { registerTop } from './commands/containers/top.js';
import { registerUpdate } from './commands/containers/update.js';
import { registerWait } from './commands/containers/wait.js';
import { registerImages } from './commands/images/image-command.js';
import { registerInspect } from './commands/inspect.js';
import { registerEvents } from './commands/system/events.js';
import { registerStatus } from './commands/system/status.js';
import { registerSystem } from './commands/system/system-command.js';
import { registerNetwork } from './commands/networks/network-command.js';
import { registerVolume } from './commands/volumes/volume-command.js';
import { describeFailure } from './report-error.js';

/**
 * `berth`: the command line over the REST API, shaped like docker's. Each command parses its
 * own options in its own file and calls the typed client from @berth/contracts.
 */
export function buildCli(context: CliContext): Command {
  // Settings made here are inherited by every subcommand created with `.command()`.
  const program = new Command('berth')
    .description('Berth container platform: command line over the REST API (BERTH_URL, BERTH_TOKEN or ~/.config/berth/config.json)')
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: context.out, writeErr: context.err });
  for (const register of [
    registerRun,
    registerCreate,
    registerStart,
    registerPs,
    registerLogs,
    registerExec,
    registerAttach,
    registerStop,
    registerKill,
    registerRestart,
    registerPause,
    registerRm,
    registerRename,
    registerInspect,
    registerTop,
    registerStats,
    registerWait,
    registerUpdate,
    registerEvents,
    registerImages,
    registerVolume,
    registerNetwork,
    registerSystem,
    registerStatus,
    registerLogin,
    registerLogout,
    registerWhoami,
    registerToken,
    registerTeam,
    registerAudit,
  ]) {
    register(program, context);
  }
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
    await buildCli(context).parseAsync(argv);
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
