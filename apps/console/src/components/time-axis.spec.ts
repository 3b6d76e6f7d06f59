import { afterEach, describe, expect, it, vi } from 'vitest';
import { clockTime, followingRange } from './time-axis';

describe('followingRange', () => {
  afterEach(() => vi.useRealTimers());

  it('starts at the first reading while the window is not yet full', () => {
    expect(followingRange(1000, 1005, 120)).toEqual([1000, 1120]);
    expect(followingRange(1000, 1000, 120)).toEqual([1000, 1120]);
  });

  it('slides with the newest reading once the window is full', () => {
    expect(followingRange(1000, 1200, 120)).toEqual([1080, 1200]);
  });

  it('spans the data when no window is asked for', () => {
    expect(followingRange(1000, 1010, undefined)).toEqual([1000, 1010]);
    expect(followingRange(1000, 1000, undefined)).toEqual([999, 1001]);
  });

  it('ends now when there is no data yet', () => {
    vi.useFakeTimers();
    vi.setSystemTime(5_000_000);
    expect(followingRange(null, null, 60)).toEqual([4940, 5000]);
  });
});

describe('clockTime', () => {
  it('writes local hours, minutes and seconds, two digits each', () => {
    const at = new Date(2026, 10, 29, 7, 5, 9).getTime() / 1000;
    expect(clockTime(at)).toBe('07:05:09');
    expect(clockTime(new Date(2026, 10, 29, 19, 27, 28).getTime() / 1000)).toBe('19:27:28');
  });
});
