import type { HealthLogEntry } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { inStartPeriod, nextHealth, startingHealth } from './health-state.js';

const probe = (exitCode: number, n = 0): HealthLogEntry => ({ start: `2026-01-01T00:00:0${n}Z`, end: `2026-01-01T00:00:0${n}Z`, exitCode, output: '' });

describe('health transitions', () => {
  it('becomes healthy on a success and unhealthy after `retries` failures in a row', () => {
    let health = startingHealth(null);
    health = nextHealth(health, probe(0), { retries: 2 }, false);
    expect(health).toMatchObject({ status: 'healthy', failingStreak: 0 });
    health = nextHealth(health, probe(1), { retries: 2 }, false);
    expect(health).toMatchObject({ status: 'healthy', failingStreak: 1 });
    health = nextHealth(health, probe(-1), { retries: 2 }, false);
    expect(health).toMatchObject({ status: 'unhealthy', failingStreak: 2 });
    expect(nextHealth(health, probe(0), { retries: 2 }, false)).toMatchObject({ status: 'healthy', failingStreak: 0 });
  });

  it('does not count failures in the start period, and keeps the last five results', () => {
    let health = startingHealth(null);
    for (let n = 0; n < 7; n++) health = nextHealth(health, probe(1, n), { retries: 1 }, true);
    expect(health.status).toBe('starting');
    expect(health.failingStreak).toBe(0);
    expect(health.log.map((entry) => entry.start.slice(-3, -1))).toEqual(['02', '03', '04', '05', '06']);
  });

  it('restarts as starting with the old log kept', () => {
    const before = { status: 'unhealthy' as const, failingStreak: 4, log: [probe(1)] };
    expect(startingHealth(before)).toEqual({ status: 'starting', failingStreak: 0, log: [probe(1)] });
  });

  it('knows the start period ends with the first healthy result or its time', () => {
    const starting = startingHealth(null);
    expect(inStartPeriod(starting, { startPeriodMs: 1000 }, 0, 500)).toBe(true);
    expect(inStartPeriod(starting, { startPeriodMs: 1000 }, 0, 1500)).toBe(false);
    expect(inStartPeriod({ ...starting, status: 'healthy' }, { startPeriodMs: 1000 }, 0, 500)).toBe(false);
  });
});
