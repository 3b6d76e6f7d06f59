import { HEALTH_LOG_ENTRIES, type ContainerHealth, type HealthcheckConfig, type HealthLogEntry } from '@berth/contracts';

/** A started container's health: starting again, with a clean streak; the last results stay readable, as in Docker. */
export function startingHealth(previous: ContainerHealth | null | undefined): ContainerHealth {
  return { status: 'starting', failingStreak: 0, log: previous?.log ?? [] };
}

/**
 * The health after one probe, as Docker decides it (daemon/health.go): a success makes the
 * container healthy and clears the streak; a failure adds to the streak, and `retries` of them
 * in a row make it unhealthy — except while it is still starting inside its start period,
 * where failures do not count. Pure.
 */
export function nextHealth(
  health: ContainerHealth,
  entry: HealthLogEntry,
  config: Pick<HealthcheckConfig, 'retries'>,
  inStartPeriod: boolean,
): ContainerHealth {
  const log = [...health.log, entry].slice(-HEALTH_LOG_ENTRIES);
  if (entry.exitCode === 0) return { status: 'healthy', failingStreak: 0, log };
  if (health.status === 'starting' && inStartPeriod) return { ...health, log };
  const failingStreak = health.failingStreak + 1;
  return { status: failingStreak >= config.retries ? 'unhealthy' : health.status, failingStreak, log };
}

/** Whether the start period still runs: only a container that has not yet been healthy is in it. */
export function inStartPeriod(health: ContainerHealth, config: Pick<HealthcheckConfig, 'startPeriodMs'>, startedAt: number, now = Date.now()): boolean {
  return health.status === 'starting' && now - startedAt < config.startPeriodMs;
}
