import { describe, expect, it } from 'vitest';
import { chooseScale, formatTick } from './chart-scale.js';

describe('chooseScale', () => {
  it('is linear from 0 with round ticks when the values are of one order of magnitude', () => {
    const scale = chooseScale([12, 31], 100, 600);
    expect(scale.kind).toBe('linear');
    expect(scale.ticks).toEqual([0, 10, 20, 30, 40]);
    expect(scale.x(0)).toBe(100);
    expect(scale.x(40)).toBe(600);
  });

  it('turns logarithmic over 1, 2, 5 decades when the values span more than 20×', () => {
    const scale = chooseScale([3.7, 4100], 0, 400);
    expect(scale.kind).toBe('log');
    expect(scale.ticks).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]);
    expect(scale.x(1)).toBe(0);
    expect(scale.x(100)).toBeCloseTo(200, 9);
    expect(scale.x(10000)).toBe(400);
  });

  it('draws an empty chart (every subject missing) on a unit axis', () => {
    expect(chooseScale([], 0, 10).kind).toBe('linear');
  });

  it('labels ticks without float noise', () => {
    expect([0.5, 20, 1000, 0.30000000000000004].map(formatTick)).toEqual(['0.5', '20', '1000', '0.3']);
  });
});
