import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OciHook } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import type { ContainerState } from '../state/container-state.js';
import { isAlive, sleep } from '../util/proc.js';

/** Beyond the hooks' own timeouts: the container's way from the start gate to the first hook. */
const SLACK_MS = 5_000;
const POLL_MS = 5;
const DEFAULT_TIMEOUT_S = 30;

/**
 * The outcome of the startContainer hooks, which the container process runs itself once the start
 * gate opens (native/src/hooks.c), then records in `<state dir>/start-hooks`: `ok`, or
 * `error TAB ERRNO TAB message`. A failure stops the container (it exits without running its
 * command) and fails `start` with HOOK_FAILED (runtime-spec: "MUST generate an error").
 */
export async function awaitStartHooks(dir: string, state: ContainerState, hooks: readonly OciHook[]): Promise<void> {
  const budgetMs = hooks.reduce((sum, hook) => sum + (hook.timeout ?? DEFAULT_TIMEOUT_S) * 1000, SLACK_MS);
  const deadline = Date.now() + budgetMs;
  const path = join(dir, 'start-hooks');
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.endsWith('\n')) {
      if (text === 'ok\n') return;
      const [, , message] = text.trimEnd().split('\t');
      throw new RuntimeError('HOOK_FAILED', `starting container ${state.id}: ${message ?? text.trim()}`);
    }
    if (state.init && !(await isAlive(state.init))) {
      throw new RuntimeError('HOOK_FAILED', `starting container ${state.id}: the container exited before its startContainer hooks finished`);
    }
    if (Date.now() > deadline)
      throw new RuntimeError('ETIMEDOUT', `starting container ${state.id}: no outcome of its startContainer hooks within ${budgetMs} ms`);
    await sleep(POLL_MS);
  }
}
