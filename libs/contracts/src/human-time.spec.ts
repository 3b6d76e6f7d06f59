import { describe, expect, it } from 'vitest';
import { humanDuration, timeAgo } from './human-time.js';

describe('humanDuration', () => {
  it.each([
    [0, 'Less than a second'],
    [1000, '1 second'],
    [45_000, '45 seconds'],
    [61_000, 'About a minute'],
    [2 * 60_000 + 5000, '2 minutes'],
    [60 * 60_000, 'About an hour'],
    [5 * 3_600_000, '5 hours'],
    [3 * 86_400_000, '3 days'],
    [20 * 86_400_000, '2 weeks'],
    [90 * 86_400_000, '3 months'],
    [3 * 365 * 86_400_000, '3 years'],
  ])('%i ms reads "%s"', (milliseconds, text) => {
    expect(humanDuration(milliseconds)).toBe(text);
  });

  it('words a past time relative to now', () => {
    expect(timeAgo('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:02:30Z'))).toBe('2 minutes ago');
    expect(timeAgo(null)).toBe('-');
  });
});
