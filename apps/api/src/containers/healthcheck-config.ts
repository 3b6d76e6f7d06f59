import { HttpStatus } from '@nestjs/common';
import { HEALTHCHECK_DEFAULTS, healthcheckProblem, type HealthcheckConfig, type HealthcheckRequest } from '@berth/contracts';
import type { ImageHealthcheck } from '@berth/images';
import { ProblemException } from '../http/problem.js';

const NS_PER_MS = 1_000_000;

/** A malformed create option is refused before anything is looked up (400, nothing made). */
export function checkHealthcheck(request: HealthcheckRequest | undefined): void {
  if (request === undefined) return;
  const problem = healthcheckProblem(request);
  if (problem) throw new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_HEALTHCHECK', problem);
}

/**
 * The check a container runs, as Docker merges it (daemon/commit.go): the request's test,
 * else the image's; each duration or count left at 0 comes from the image, else Docker's
 * default. `["NONE"]` from either side is kept, so inspect shows the check was disabled.
 * Undefined when neither side has a check.
 */
export function resolveHealthcheck(request: HealthcheckRequest | undefined, image: ImageHealthcheck | undefined): HealthcheckConfig | undefined {
  const test = request?.test?.length ? request.test : image?.Test?.length ? image.Test : undefined;
  if (!test) return undefined;
  const pick = (mine: number | undefined, fromImage: number | undefined, fallback: number) => mine || fromImage || fallback;
  const ms = (nanos: number | undefined) => (nanos ? Math.round(nanos / NS_PER_MS) : undefined);
  return {
    test,
    intervalMs: pick(request?.intervalMs, ms(image?.Interval), HEALTHCHECK_DEFAULTS.intervalMs),
    timeoutMs: pick(request?.timeoutMs, ms(image?.Timeout), HEALTHCHECK_DEFAULTS.timeoutMs),
    retries: pick(request?.retries, image?.Retries, HEALTHCHECK_DEFAULTS.retries),
    startPeriodMs: pick(request?.startPeriodMs, ms(image?.StartPeriod), HEALTHCHECK_DEFAULTS.startPeriodMs),
    startIntervalMs: pick(request?.startIntervalMs, ms(image?.StartInterval), HEALTHCHECK_DEFAULTS.startIntervalMs),
  };
}

/** The argv a probe runs: CMD as given, CMD-SHELL through the container's /bin/sh, as Docker does. */
export function probeArgs(config: HealthcheckConfig): string[] {
  const [kind, ...rest] = config.test;
  return kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest[0]!] : rest;
}
