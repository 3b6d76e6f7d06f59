import { describe, expect, it } from 'vitest';
import { toApiTime } from './times.js';

describe('toApiTime', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');

  it('resolves a duration before now to unix seconds', () => {
    expect(toApiTime('--since', '10m', now)).toBe(String((now - 600_000) / 1000) + '.000');
    expect(toApiTime('--since', '1h30m', now)).toBe(((now - 5_400_000) / 1000).toFixed(3));
  });

  it('passes unix seconds through and turns dates into RFC 3339', () => {
    expect(toApiTime('--since', '1714564800', now)).toBe('1714564800');
    expect(toApiTime('--since', '2024-05-01T12:00:00+02:00', now)).toBe('2024-05-01T10:00:00.000Z');
  });

  it('refuses anything else with the forms it takes', () => {
    expect(() => toApiTime('--since', 'yesterday', now)).toThrow(/--since takes a duration/);
  });
});
