import { getOnNewConnection } from './http-get.js';
import { delay } from './wait.js';

/** A new attempt this often, whether or not earlier ones have answered: a fixed polling grain. */
const ATTEMPT_EVERY_MS = 20;
/** How long one attempt may wait: a connection QEMU's user networking accepted before the guest listens hangs until then. */
const ATTEMPT_TIMEOUT_MS = 2_000;

/**
 * performance.now() at the first 200 answer to GET http://127.0.0.1:port/path. Attempts start
 * every 20 ms and overlap, so one that hangs (a forwarded connection the guest never took)
 * does not hold back the next: the reading is late by at most the grain plus one request.
 */
export async function firstAnswer(port: number, path: string, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let answeredAt: number | undefined;
  let lastError: unknown;
  const inFlight = new Set<Promise<void>>();
  while (answeredAt === undefined) {
    if (performance.now() > deadline) {
      await Promise.allSettled(inFlight);
      throw new Error(
        `nothing answered GET http://127.0.0.1:${port}${path} within ${timeoutMs} ms: ${(lastError as Error | undefined)?.message ?? 'no attempt finished'}`,
      );
    }
    const attempt = getOnNewConnection('127.0.0.1', port, path, ATTEMPT_TIMEOUT_MS).then(
      () => void (answeredAt ??= performance.now()),
      (error: unknown) => void (lastError = error),
    );
    inFlight.add(attempt);
    void attempt.finally(() => inFlight.delete(attempt));
    await delay(ATTEMPT_EVERY_MS);
  }
  // Leave no request running past the measurement (they finish within their own timeout).
  await Promise.allSettled(inFlight);
  return answeredAt;
}
