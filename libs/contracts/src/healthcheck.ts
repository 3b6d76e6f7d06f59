/**
 * Healthchecks as Docker has them (`HEALTHCHECK`, `docker run --health-*`): a command run
 * inside the running container on an interval; its exit code (0 healthy, anything else a
 * failure) moves the container between starting, healthy and unhealthy. Durations are
 * milliseconds here; the Docker API's nanoseconds are converted at its edge.
 */

/** `["CMD", prog, …args]` (run as is), `["CMD-SHELL", "command"]` (by `/bin/sh -c`) or `["NONE"]` (no check). */
export type HealthcheckTest = string[];

/** The create option: every field but `test` may be left out (the image's, else Docker's default). */
export interface HealthcheckRequest {
  /** Empty or left out: the image's test. `["NONE"]` disables the image's check. */
  test?: HealthcheckTest;
  /** Between the end of one probe and the start of the next. Default 30 s. */
  intervalMs?: number;
  /** A probe running longer is killed and counts as a failure. Default 30 s. */
  timeoutMs?: number;
  /** Consecutive failures that make the container unhealthy. Default 3. */
  retries?: number;
  /** Failures in this time after the start do not count. Default 0. */
  startPeriodMs?: number;
  /** The interval during the start period. Default 5 s. */
  startIntervalMs?: number;
}

/** The check a container runs, every default filled in (stored with the container). */
export interface HealthcheckConfig {
  test: HealthcheckTest;
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
  startIntervalMs: number;
}

export const HEALTH_STATUSES = ['starting', 'healthy', 'unhealthy'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** One probe, as `docker inspect` shows it in `State.Health.Log`. */
export interface HealthLogEntry {
  /** RFC 3339. */
  start: string;
  end: string;
  /** -1 when the probe could not run or exceeded its timeout. */
  exitCode: number;
  /** Its stdout and stderr, cut at HEALTH_OUTPUT_LIMIT bytes. */
  output: string;
}

export interface ContainerHealth {
  status: HealthStatus;
  failingStreak: number;
  /** The last HEALTH_LOG_ENTRIES probes, oldest first. */
  log: HealthLogEntry[];
}

/** Docker's defaults (api/types/container: DefaultHealthInterval …). */
export const HEALTHCHECK_DEFAULTS: Omit<HealthcheckConfig, 'test'> = {
  intervalMs: 30_000,
  timeoutMs: 30_000,
  retries: 3,
  startPeriodMs: 0,
  startIntervalMs: 5_000,
};

/** Docker keeps 5 results and 4096 bytes of each probe's output. */
export const HEALTH_LOG_ENTRIES = 5;
export const HEALTH_OUTPUT_LIMIT = 4096;

/** Below this a probe (a process in the container's namespaces) would be a load of its own. */
export const HEALTHCHECK_MIN_INTERVAL_MS = 100;
/** Above a day a timer of Node's would overflow soon, and no check means that. */
export const HEALTHCHECK_MAX_DURATION_MS = 24 * 60 * 60 * 1000;

/**
 * What is wrong with a healthcheck option, or undefined when it is well-formed. Pure: the
 * API refuses with it (400), and the CLI and console can say the same before sending.
 */
export function healthcheckProblem(request: HealthcheckRequest): string | undefined {
  return testProblem(request.test ?? []) ?? durationProblem(request) ?? retriesProblem(request.retries);
}

function testProblem(test: HealthcheckTest): string | undefined {
  if (!Array.isArray(test) || test.some((word) => typeof word !== 'string')) return 'healthcheck.test must be a list of strings';
  if (test.length === 0) return undefined;
  const [kind, ...rest] = test;
  if (kind === 'NONE') return rest.length === 0 ? undefined : 'healthcheck.test ["NONE"] takes no arguments';
  if (kind === 'CMD') return rest.length > 0 && rest[0] !== '' ? undefined : 'healthcheck.test ["CMD", …] needs a program to run';
  if (kind === 'CMD-SHELL') return rest.length === 1 && rest[0]!.trim() !== '' ? undefined : 'healthcheck.test ["CMD-SHELL", …] takes one non-empty command';
  return `healthcheck.test must start with "CMD", "CMD-SHELL" or "NONE", not ${JSON.stringify(kind)}`;
}

function durationProblem(request: HealthcheckRequest): string | undefined {
  for (const field of ['intervalMs', 'timeoutMs', 'startPeriodMs', 'startIntervalMs'] as const) {
    const value = request[field];
    if (value === undefined || value === 0) continue;
    if (!Number.isInteger(value) || value < 0) return `healthcheck.${field} must be a whole number of milliseconds, 0 for the default`;
    // The start period is a span of time, not a probe rate: any length from 1 ms makes sense.
    const min = field === 'startPeriodMs' ? 1 : HEALTHCHECK_MIN_INTERVAL_MS;
    if (value < min || value > HEALTHCHECK_MAX_DURATION_MS) {
      return `healthcheck.${field} must be between ${min} ms and ${HEALTHCHECK_MAX_DURATION_MS} ms (24 h), or 0 for the default`;
    }
  }
  return undefined;
}

function retriesProblem(retries: number | undefined): string | undefined {
  if (retries === undefined) return undefined;
  return Number.isInteger(retries) && retries >= 0 && retries <= 1000 ? undefined : 'healthcheck.retries must be a whole number from 0 (the default) to 1000';
}

/** Whether a stored check actually runs (`["NONE"]` and an empty test do not). */
export function healthcheckRuns(config: Pick<HealthcheckConfig, 'test'> | null | undefined): config is HealthcheckConfig {
  return !!config && config.test.length > 0 && config.test[0] !== 'NONE';
}
