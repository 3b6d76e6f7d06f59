import { RuntimeError } from '../model/runtime-error.js';
import type { ExitStatus } from '../state/container-state.js';
import { sleep } from '../util/proc.js';
import { loadContainer, type RuntimeContext } from './context.js';

const POLL_MS = 20;

/**
 * Waits until the container has stopped and returns its exit status. Works from any
 * process, not only the one that started the container: the status comes from exit.json.
 */
export async function wait(context: RuntimeContext, id: string, timeoutMs = Number.POSITIVE_INFINITY): Promise<ExitStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await loadContainer(context, id);
    if (state.status === 'stopped' && state.exit) return state.exit;
    if (Date.now() >= deadline) throw new RuntimeError('ETIMEDOUT', `container ${id} still ${state.status} after ${timeoutMs} ms`);
    await sleep(POLL_MS);
  }
}
