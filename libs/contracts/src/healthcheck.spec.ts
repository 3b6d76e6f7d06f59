import { describe, expect, it } from 'vitest';
import { containerStateText } from './container-state-text.js';
import type { ContainerSummary } from './containers.js';
import { healthcheckProblem, healthcheckRuns } from './healthcheck.js';

const running: ContainerSummary = {
  id: 'a'.repeat(64),
  name: 'web',
  image: 'busybox',
  imageId: null,
  command: [],
  status: 'running',
  exitCode: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  labels: {},
};
const now = Date.parse('2026-01-01T00:03:00.000Z');

describe('healthchecks in the contract', () => {
  it('words the ps status as docker does', () => {
    expect(containerStateText({ ...running, health: 'healthy' }, now)).toBe('Up 3 minutes (healthy)');
    expect(containerStateText({ ...running, health: 'starting' }, now)).toBe('Up 3 minutes (health: starting)');
    expect(containerStateText({ ...running, health: 'unhealthy' }, now)).toBe('Up 3 minutes (unhealthy)');
    expect(containerStateText({ ...running, health: null }, now)).toBe('Up 3 minutes');
    // A stopped container's last verdict is not its state.
    expect(containerStateText({ ...running, status: 'stopped', exitCode: 0, finishedAt: running.startedAt, health: 'healthy' }, now)).toBe(
      'Exited (0) 3 minutes ago',
    );
  });

  it('accepts the three test forms and tuning alone, and names what is wrong', () => {
    expect(healthcheckProblem({ test: ['CMD', 'true'], intervalMs: 100, retries: 0 })).toBeUndefined();
    expect(healthcheckProblem({ test: ['CMD-SHELL', 'exit 0'], startPeriodMs: 1 })).toBeUndefined();
    expect(healthcheckProblem({ test: ['NONE'] })).toBeUndefined();
    expect(healthcheckProblem({ intervalMs: 2000 })).toBeUndefined();
    expect(healthcheckProblem({ test: ['CMD-SHELL', '  '] })).toMatch(/one non-empty command/);
    expect(healthcheckProblem({ test: ['CMD', 'true'], startIntervalMs: 25 * 60 * 60 * 1000 })).toMatch(/startIntervalMs must be between/);
    expect(healthcheckProblem({ test: ['CMD', 'true'], retries: -1 })).toMatch(/retries/);
  });

  it('runs a stored check unless it is NONE or empty', () => {
    expect(healthcheckRuns({ test: ['CMD', 'true'] })).toBe(true);
    expect(healthcheckRuns({ test: ['NONE'] })).toBe(false);
    expect(healthcheckRuns({ test: [] })).toBe(false);
    expect(healthcheckRuns(undefined)).toBe(false);
  });
});
