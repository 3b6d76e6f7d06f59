import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { stdioMode } from '../../interactive/stdio-mode.js';
import { act } from '../act.js';
import { openAttachSocket, relayUntilExit } from './attach-session.js';

export function registerAttach(program: Command, context: CliContext): void {
  program
    .command('attach')
    .description("join this terminal to a running container's main process; exits with its exit code")
    .argument('<container>')
    .option('--no-stdin', 'only show its output; do not send this stdin')
    .action(act(context, (container: string, flags: { stdin: boolean }) => attach(context, container, flags)));
}

/**
 * `docker attach`: stdin goes in when the container keeps it open (`run -i`), and the local
 * terminal goes raw when the container has one (`run -t`), as the container was made.
 */
async function attach(context: CliContext, container: string, flags: { stdin: boolean }): Promise<number> {
  const detail = await context.client().containers.inspect(container);
  const mode = stdioMode(context, { interactive: flags.stdin && detail.config.openStdin === true, tty: detail.config.tty === true });
  const socket = await openAttachSocket(context, detail.id);
  return (await relayUntilExit(context, detail.id, socket, mode)).exitCode;
}
