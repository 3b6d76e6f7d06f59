import { describe, expect, it } from 'vitest';
import { percentile, ratio, summarize } from './summary.js';

describe('summarize', () => {
  it('matches hand-computed statistics of a known sample', () => {
    const summary = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(summary).toMatchObject({ samples: 8, min: 2, max: 9, mean: 5, median: 4.5 });
    // Sample variance of this set is 32 / 7.
    expect(summary.stddev).toBeCloseTo(Math.sqrt(32 / 7), 12);
    // 95th percentile: position 0.95 × 7 = 6.65 → 7 + 0.65 × (9 − 7)
    expect(summary.p95).toBeCloseTo(8.3, 12);
  });

  it('does not depend on the order of samples', () => {
    expect(summarize([9, 2, 5, 4, 7, 4, 5, 4])).toEqual(summarize([2, 4, 4, 4, 5, 5, 7, 9]));
  });

  it('handles a single sample', () => {
    expect(summarize([3])).toMatchObject({ min: 3, median: 3, p99: 3, max: 3, stddev: 0 });
  });

  it('refuses an empty sample', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('interpolates percentiles between ranks', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('expresses ratios as median over median', () => {
    expect(ratio(summarize([2, 2, 2]), summarize([1, 1, 1]))).toBe(2);
  });
});
