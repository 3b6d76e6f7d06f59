import { EXEC_OUTPUT_LIMIT, type ExecRequest } from '@berth/contracts';
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { repeatable } from '../../options/repeatable.js';
import { act } from '../act.js';
import { envFlags } from './create-flags/env-flag.js';
import { execSession, type ExecSessionFlags as ExecFlags } from './exec-session.js';

export function registerExec(program: Command, context: CliContext): void {
  program
    .command('exec')
    .description('run a command in a running container; prints its output and exits with its exit code')
    .argument('<container>')
    .argument('<command...>')
    .option('-e, --env <KEY=value>', 'set an environment variable; repeatable', repeatable)
    .option('-w, --workdir <path>', 'working directory')
    .option('-u, --user <user[:group]>', 'user to run as')
    .option('-i, --interactive', 'send this stdin to the command')
    .option('-t, --tty', 'give the command a terminal (with -i, this one must be a terminal too)')
    .passThroughOptions()
    .action(act(context, (container: string, args: string[], flags: ExecFlags) => exec(context, container, args, flags)));
}

/**
 * With -i or -t, over the exec WebSocket (exec-session.ts). Without them, one request: the API
 * answers once the command has exited, with all of its output.
 */
async function exec(context: CliContext, container: string, args: string[], flags: ExecFlags): Promise<number> {
  if (flags.interactive || flags.tty) return execSession(context, container, args, flags);
  const request: ExecRequest = { cmd: args };
  if (flags.env) request.env = envFlags(flags.env, context.env);
  if (flags.workdir) request.workingDir = flags.workdir;
  if (flags.user) request.user = flags.user;
  const result = await context.client().containers.exec(container, request);
  context.out(result.stdout);
  context.err(result.stderr);
  for (const [stream, truncated, bytes] of [
    ['stdout', result.stdoutTruncated, result.stdoutBytes],
    ['stderr', result.stderrTruncated, result.stderrBytes],
  ] as const) {
    if (truncated) context.err(`berth: ${stream} cut to its first ${EXEC_OUTPUT_LIMIT} of ${bytes} bytes; use -i for the whole stream\n`);
  }
  return result.exitCode;
}
