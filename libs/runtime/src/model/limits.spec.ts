import { describe, expect, it } from 'vitest';
import { formatBytes, formatCpus, parseBytes, parseCpus } from './limits.js';

describe('parseBytes', () => {
  it.each([
    ['0', 0],
    ['512', 512],
    ['1k', 1024],
    ['512m', 512 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2GiB', 2 * 1024 ** 3],
    ['64mb', 64 * 1024 ** 2],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it.each(['', '-1m', 'lots', '1x', '1.2.3m', 'm'])('refuses %j with INVALID_SIZE', (text) => {
    expect(() => parseBytes(text)).toThrow(expect.objectContaining({ code: 'INVALID_SIZE' }));
  });
});

describe('formatBytes', () => {
  it('uses the largest exact unit', () => {
    expect(formatBytes(512)).toBe('512B');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5GiB');
  });

  it('round-trips through parseBytes for whole units', () => {
    expect(parseBytes(formatBytes(3 * 1024 ** 3))).toBe(3 * 1024 ** 3);
  });
});

describe('CPUs', () => {
  it('turns a CPU count into a CFS quota over a 100 ms period', () => {
    expect(parseCpus('1.5')).toEqual({ quotaUs: 150_000, periodUs: 100_000 });
    expect(parseCpus('0.01')).toEqual({ quotaUs: 1_000, periodUs: 100_000 });
    expect(formatCpus(150_000)).toBe('1.5');
  });

  it.each(['0', '0.001', '-1', 'two', ''])('refuses %j', (text) => {
    expect(() => parseCpus(text)).toThrow(expect.objectContaining({ code: 'INVALID_CPUS' }));
  });
});
