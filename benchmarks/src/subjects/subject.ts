/**
 * One thing a suite measures (Berth through its library, crun, a VM …). A subject that
 * cannot run on this machine says why in `missing` and is reported as missing, never faked.
 */
export interface Subject {
  name: string;
  /** What the number means, for the report (how the subject is driven). */
  method: string;
  missing?: string;
  setup?(): Promise<void>;
  /** One measured iteration; `iteration` makes container ids unique. */
  run(iteration: number): Promise<void>;
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
