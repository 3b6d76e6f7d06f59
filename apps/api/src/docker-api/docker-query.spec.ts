import { describe, expect, it } from 'vitest';
import { filterTime } from './docker-query.js';

describe('filterTime', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');

  it('reads unix seconds and RFC 3339', () => {
    expect(filterTime('until', '1700000000.5', now).getTime()).toBe(1_700_000_000_500);
    expect(filterTime('until', '2026-12-01T00:00:00Z', now).toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('counts a Go duration back from now', () => {
    expect(filterTime('until', '24h', now).toISOString()).toBe('2026-12-06T12:00:00.000Z');
    expect(filterTime('until', '1h30m', now).toISOString()).toBe('2026-12-07T10:30:00.000Z');
    expect(filterTime('until', '1500ms', now).getTime()).toBe(now - 1500);
  });

  it('refuses anything else with a 400 that names the filter', () => {
    expect(() => filterTime('until', 'yesterday', now)).toThrow(/until=yesterday is not a time/);
  });
});
