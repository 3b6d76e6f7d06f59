import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { CliError, RUN_FAILED_EXIT_CODE } from '../../cli-error.js';
import { describeFailure, withExitCode } from '../../report-error.js';
import { act } from '../act.js';
import { addCreateOptions, toCreateRequest, type CreateFlags } from './create-flags/create-options.js';
import { followUntilExit } from './follow-until-exit.js';

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
  const id = await beforeStart(async () => {
    if (flags.interactive && !flags.detach) {
      throw new CliError('NOT_SUPPORTED', '-i without -d needs stdin attached, which the API cannot do yet (no attach endpoint); add -d, or drop -i');
    }
    const created = await client.containers.create(toCreateRequest(image, args, { ...flags, rm: flags.rm && flags.detach }, context.env));
    try {
      await client.containers.start(created.id);
    } catch (error) {
      if (flags.rm) await client.containers.remove(created.id, { force: true }).catch(() => undefined);
      throw error;
    }
    return created.id;
  });
  if (flags.detach) {
    context.out(`${id}\n`);
    return 0;
  }
  const result = await followUntilExit(context, id);
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
