import { watch, type FSWatcher } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import type { ExitStatus } from '../state/container-state.js';
import { loadContainer, type RuntimeContext } from './context.js';

// inotify tells us when the shim writes exit.json; the poll only backs it up (a missed
// event, a file system without inotify) and enforces the deadline.
const FALLBACK_POLL_MS = 250;
/** With inotify on the state dir a look is only a safety net: many supervised containers must not poll the disk. */
const WATCHED_POLL_MS = 5000;

/**
 * Waits until the container has stopped and returns its exit status. Works from any
 * process, not only the one that started the container: the status comes from exit.json.
 */
/** `signal`: a supervisor that stops watching (shutting down) aborts the wait; it rejects with ABORTED. */
export async function wait(context: RuntimeContext, id: string, timeoutMs = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<ExitStatus> {
  const deadline = Date.now() + timeoutMs;
  // Set by the watcher; a change that lands while we are looking is kept for the next sleep.
  let changed = false;
  let wake: () => void = () => undefined;
  const notify = () => {
    changed = true;
    wake();
  };
  let watcher: FSWatcher | undefined;
  try {
    // Watch before the first look, so an exit between the look and the watch is not missed.
    watcher = watch(context.root.dir(id), (_event, file) => {
      if (file === 'exit.json') notify();
    });
    watcher.on('error', notify); // the directory went away (deleted): the next look says so
  } catch {
    watcher = undefined; // cannot watch (no such directory yet, or no inotify): poll only
  }
  try {
    for (;;) {
      changed = false;
      const state = await loadContainer(context, id);
      if (state.status === 'stopped' && state.exit) return state.exit;
      const left = deadline - Date.now();
      if (left <= 0) throw new RuntimeError('ETIMEDOUT', `container ${id} still ${state.status} after ${timeoutMs} ms`);
      if (signal?.aborted) throw new RuntimeError('ABORTED', `stopped waiting for container ${id}`);
      if (changed) continue;
      await new Promise<void>((resolve) => {
        // A handed-off container writes no exit.json: nothing to watch for, only its process to look at.
        const poll = watcher && !state.handoff ? WATCHED_POLL_MS : FALLBACK_POLL_MS;
        const timer = setTimeout(resolve, Math.min(poll, left));
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        wake = done;
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    watcher?.close();
  }
}
