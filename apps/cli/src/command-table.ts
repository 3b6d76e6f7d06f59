import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';

export type RegisterCommand = (program: Command, context: CliContext) => void;

/** One file of commands: the top-level names it registers, and how to load it. */
export interface CommandModule {
  names: readonly string[];
  load(): Promise<RegisterCommand>;
}

/**
 * Every command file, in the order `--help` lists them. A command line loads only the file
 * that owns its command word, so `berth ps` never parses the image builder or the WebSocket
 * client; command-table.spec.ts checks each entry's names against what it really registers.
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['run'], load: async () => (await import('./commands/containers/run.js')).registerRun },
  { names: ['create'], load: async () => (await import('./commands/containers/create.js')).registerCreate },
  { names: ['start'], load: async () => (await import('./commands/containers/start.js')).registerStart },
  { names: ['ps'], load: async () => (await import('./commands/containers/ps.js')).registerPs },
  { names: ['logs'], load: async () => (await import('./commands/containers/logs.js')).registerLogs },
  { names: ['exec'], load: async () => (await import('./commands/containers/exec.js')).registerExec },
  { names: ['attach'], load: async () => (await import('./commands/containers/attach.js')).registerAttach },
  { names: ['stop'], load: async () => (await import('./commands/containers/stop.js')).registerStop },
  { names: ['kill'], load: async () => (await import('./commands/containers/kill.js')).registerKill },
  { names: ['restart'], load: async () => (await import('./commands/containers/restart.js')).registerRestart },
  { names: ['pause', 'unpause'], load: async () => (await import('./commands/containers/pause.js')).registerPause },
  { names: ['rm'], load: async () => (await import('./commands/containers/rm.js')).registerRm },
  { names: ['rename'], load: async () => (await import('./commands/containers/rename.js')).registerRename },
  { names: ['inspect'], load: async () => (await import('./commands/inspect.js')).registerInspect },
  { names: ['top'], load: async () => (await import('./commands/containers/top.js')).registerTop },
  { names: ['stats'], load: async () => (await import('./commands/containers/stats.js')).registerStats },
  { names: ['wait'], load: async () => (await import('./commands/containers/wait.js')).registerWait },
  { names: ['container'], load: async () => (await import('./commands/containers/container-prune.js')).registerContainer },
  { names: ['update'], load: async () => (await import('./commands/containers/update.js')).registerUpdate },
  { names: ['cp'], load: async () => (await import('./commands/containers/cp.js')).registerCp },
  { names: ['events'], load: async () => (await import('./commands/system/events.js')).registerEvents },
  {
    names: ['image', 'images', 'rmi', 'tag', 'history', 'pull', 'push', 'build', 'load', 'save'],
    load: async () => (await import('./commands/images/image-command.js')).registerImages,
  },
  { names: ['volume'], load: async () => (await import('./commands/volumes/volume-command.js')).registerVolume },
  { names: ['network'], load: async () => (await import('./commands/networks/network-command.js')).registerNetwork },
  { names: ['system', 'info'], load: async () => (await import('./commands/system/system-command.js')).registerSystem },
  { names: ['status'], load: async () => (await import('./commands/system/status.js')).registerStatus },
  { names: ['login'], load: async () => (await import('./commands/access/login.js')).registerLogin },
  { names: ['logout'], load: async () => (await import('./commands/access/login.js')).registerLogout },
  { names: ['whoami'], load: async () => (await import('./commands/access/whoami.js')).registerWhoami },
  { names: ['token'], load: async () => (await import('./commands/access/token-command.js')).registerToken },
  { names: ['team'], load: async () => (await import('./commands/access/team-command.js')).registerTeam },
  { names: ['audit'], load: async () => (await import('./commands/access/audit.js')).registerAudit },
  { names: ['registry'], load: async () => (await import('./commands/access/registry-command.js')).registerRegistry },
];

/**
 * The modules a command line needs: none for `--version`, the one owning its first word, or all
 * of them when there is no known word (help, a typo, whose "did you mean" needs every name).
 */
export function modulesFor(argv: readonly string[]): readonly CommandModule[] {
  const args = argv.slice(2);
  const word = args.find((arg) => !arg.startsWith('-'));
  if (word === undefined && args.some((arg) => arg === '-v' || arg === '--version')) return [];
  const owner = word === undefined ? undefined : COMMAND_MODULES.find((module) => module.names.includes(word));
  return owner ? [owner] : COMMAND_MODULES;
}
