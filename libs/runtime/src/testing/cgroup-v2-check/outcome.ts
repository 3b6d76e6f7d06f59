/**
 * How the in-VM checks report to the host: each check's observations (or its error), as one
 * JSON line behind a marker on the serial console. The checks only observe; the host-side
 * spec asserts, so a failure shows as a vitest diff against what was really seen.
 */
export const RESULT_MARKER = 'berth-cgroup-v2-check:';

export type Outcome<T> = { ok: true; value: T; ms: number } | { ok: false; error: { code?: string; message: string }; ms: number };

/** Runs one check; its error (or its running out of time) becomes its outcome, so the others still run. */
export async function attempt<T>(check: () => Promise<T>, timeoutMs: number): Promise<Outcome<T>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`check did not finish within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
  });
  try {
    return { ok: true, value: await Promise.race([check(), timeout]), ms: Date.now() - started };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { ok: false, error: { code, message: message ?? String(error) }, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

export function formatResults(results: Record<string, Outcome<unknown>>): string {
  return `${RESULT_MARKER} ${JSON.stringify(results)}`;
}

/** The results line in a console log (the kernel may have printed around it, never inside a line we wrote whole). */
export function parseResults(serial: string): Record<string, Outcome<unknown>> | undefined {
  const line = serial.split(/\r?\n/).find((text) => text.startsWith(RESULT_MARKER));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_MARKER.length)) as Record<string, Outcome<unknown>>);
}
