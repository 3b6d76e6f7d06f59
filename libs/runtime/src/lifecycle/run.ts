import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { attachSocket } from '../attach/attach-client.js';
import type { ContainerState, ExitStatus } from '../state/container-state.js';
import type { RuntimeContext } from './context.js';
import { create, type CreateOptions } from './create.js';
import { deleteContainer } from './delete.js';
import { start } from './start.js';
import { wait } from './wait.js';

/** How long exit.json may lag behind the attach socket closing (the shim writes it right after). */
const EXIT_AFTER_CLOSE_MS = 10_000;

/** `run --detach`: create and start; the container keeps running after we return. */
export async function run(context: RuntimeContext, id: string, options: CreateOptions): Promise<ContainerState> {
  await create(context, id, options);
  try {
    return await start(context, id);
  } catch (error) {
    await deleteContainer(context, id, { force: true });
    throw error;
  }
}

export interface RunIo {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * `run` in the foreground, like `runc run`: attach before starting (so no output is lost),
 * relay stdio until the container exits, then delete it and return its exit status.
 */
export async function runAttached(context: RuntimeContext, id: string, options: CreateOptions, io: RunIo): Promise<ExitStatus> {
  await create(context, id, options);
  let relayInput: ((chunk: Buffer) => void) | undefined;
  let endInput: (() => void) | undefined;
  try {
    const session = await attachSocket(join(context.root.dir(id), 'attach.sock'), (stream, data) => {
      (stream === 'stderr' ? io.stderr : io.stdout).write(data);
    });
    relayInput = (chunk) => session.write(chunk);
    endInput = () => session.endInput();
    io.stdin?.on('data', relayInput).on('end', endInput);
    await start(context, id);
    await session.closed;
    return await wait(context, id, EXIT_AFTER_CLOSE_MS);
  } finally {
    if (relayInput) io.stdin?.off('data', relayInput);
    if (endInput) io.stdin?.off('end', endInput);
    io.stdin?.pause();
    // Force is a no-op for a stopped container and kills one an error left running.
    await deleteContainer(context, id, { force: true });
  }
}
