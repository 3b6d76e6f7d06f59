/** What a sample is counted in: milliseconds, or MiB for a memory figure (lower is better for both). */
export type Unit = 'ms' | 'MiB';

/**
 * One thing a suite measures (Berth through its library, crun, a VM …). A subject that
 * cannot run on this machine says why in `missing` and is reported as missing, never faked.
 */
export interface Subject {
  name: string;
  /** What the number means, for the report (how the subject is driven). */
  method: string;
  /** What one sample measures, when it differs from the suite's metric (a suite may measure two things). */
  metric?: string;
  /** Default ms. */
  unit?: Unit;
  missing?: string;
  /**
   * A fixed number of samples instead of the suite's budget, for subjects so slow (seconds per
   * sample) that the suite's count would take minutes; the method text should say so.
   */
  budget?: { iterations: number; smokeIterations: number; warmupIterations: number };
  /** May throw `MissingPeer` when the peer turns out not to run here (a daemon that will not start). */
  setup?(): Promise<void>;
  /**
   * One measured iteration; `iteration` makes container ids unique. The sample is the wall time
   * of the call, unless it resolves with a number: then that is the sample, in ms, for subjects
   * whose figure comes from a tool's own report (wrk's requests/s as ms per request).
   */
  run?(iteration: number): Promise<void | number>;
  /**
   * Instead of `run`: for figures a tool measures in bulk (every request of an autocannon run,
   * loop timings a guest prints, one round of hundreds of containers), the samples themselves,
   * measured between setup and teardown. The method text says how they were made.
   */
  collect?(smoke: boolean): Promise<number[]>;
  teardown?(): Promise<void>;
}

export function missingSubject(name: string, method: string, reason: string): Subject {
  return {
    name,
    method,
    missing: reason,
    run: async () => {
      throw new Error(`${name} is missing: ${reason}`);
    },
  };
}

/**
 * Thrown by a subject's setup when its peer cannot run on this machine; the harness reports
 * the subject missing with this message. Some peers can only find out by trying (starting
 * dockerd, running one container), and that belongs in setup, next to the measurement.
 */
export class MissingPeer extends Error {
  override name = 'MissingPeer';
}
