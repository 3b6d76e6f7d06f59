import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { RUN_FAILED_EXIT_CODE } from '../../cli-error.js';
import { stdioMode } from '../../interactive/stdio-mode.js';
import { describeFailure, withExitCode } from '../../report-error.js';
import { act } from '../act.js';
import { openAttachSocket, relayUntilExit } from './attach-session.js';
import { addCreateOptions, toCreateRequest, type CreateFlags } from './create-flags/create-options.js';
import { followUntilExit, type FollowResult } from './follow-until-exit.js';

interface RunFlags extends CreateFlags {
  detach?: boolean;
}

export function registerRun(program: Command, context: CliContext): void {
  const command = program
    .command('run')
    .description('create and start a container; without -d, print its output and exit with its exit code')
    .argument('<image>')
    .argument('[command...]', "replaces the image's CMD")
    .option('-d, --detach', 'run in the background and print the container id')
    .passThroughOptions();
  addCreateOptions(command).action(act(context, (image: string, args: string[], flags: RunFlags) => run(context, image, args, flags)));
}

/**
 * `docker run`. Failures before the container started exit 125, so a script can tell them
 * from the container's own exit code. An attached `--rm` container is removed by the CLI
 * once its exit code is read (the server's auto-remove could take it away before that);
 * a detached one is left to the server.
 */
export async function run(context: CliContext, image: string, args: string[], flags: RunFlags): Promise<number> {
  const client = context.client();
  const removeAfter = flags.rm === true && !flags.detach;
  // Checked before anything is created; a detached container's stdin is nobody's terminal.
  const mode = flags.detach ? undefined : stdioMode(context, flags, RUN_FAILED_EXIT_CODE);
  const created = await beforeStart(() => client.containers.create(toCreateRequest(image, args, { ...flags, rm: flags.rm && flags.detach }, context.env)));
  const id = created.id;
  const discard = () => (flags.rm ? client.containers.remove(id, { force: true }).catch(() => undefined) : Promise.resolve());
  const start = () =>
    beforeStart(async () => {
      try {
        await client.containers.start(id);
      } catch (error) {
        await discard();
        throw error;
      }
    });
  if (flags.detach || !mode) {
    await start();
    context.out(`${id}\n`);
    return 0;
  }
  let result: FollowResult;
  if (mode.stdin || mode.tty) {
    // With -i or -t the container's stdio is joined to ours over its attach socket, opened
    // before the start so that neither its first output nor our first input is lost.
    const socket = await beforeStart(async () => {
      try {
        return await openAttachSocket(context, id);
      } catch (error) {
        await discard();
        throw error;
      }
    });
    result = await relayUntilExit(context, id, socket, mode, start);
  } else {
    await start();
    result = await followUntilExit(context, id);
  }
  // A container the user detached from may still run: it stays, as the message said.
  if (removeAfter && !result.detached) await removeKeepingExitCode(context, id);
  return result.exitCode;
}

/** A failed clean-up is reported, but the container's exit code is still what `run` exits with. */
async function removeKeepingExitCode(context: CliContext, id: string): Promise<void> {
  try {
    await context.client().containers.remove(id, { force: true });
  } catch (error) {
    const failure = describeFailure(error);
    if (!failure) throw error;
    context.err(`${failure.line}\n`);
  }
}

async function beforeStart<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw withExitCode(error, RUN_FAILED_EXIT_CODE);
  }
}
