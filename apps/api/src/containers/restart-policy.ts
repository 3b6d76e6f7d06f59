import type { ExitStatus } from '../engine/runtime-adapter.js';

export interface RestartDecisionInput {
  restartPolicy: string;
  restartMaxRetries: number;
  restartCount: number;
  stoppedByUser: boolean;
}

/**
 * Docker's rules: `always` and `unless-stopped` restart whatever the exit code, `on-failure`
 * on a non-zero one up to its retry limit; nothing restarts a container its user stopped.
 */
export function shouldRestart(row: RestartDecisionInput, exit: Pick<ExitStatus, 'exitCode'>): boolean {
  if (row.stoppedByUser) return false;
  if (row.restartPolicy === 'always' || row.restartPolicy === 'unless-stopped') return true;
  if (row.restartPolicy !== 'on-failure' || exit.exitCode === 0) return false;
  return row.restartMaxRetries === 0 || row.restartCount < row.restartMaxRetries;
}

/** Back-off before the n-th restart in a row: 100 ms doubling to a minute, as Docker does. */
export function restartDelayMs(attempt: number): number {
  return Math.min(60_000, 100 * 2 ** Math.min(attempt, 20));
}

/** A run that lasted this long resets the back-off: the container was healthy for a while. */
export const HEALTHY_RUN_MS = 10_000;
