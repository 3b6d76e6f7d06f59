import { describe, expect, it } from 'vitest';
import { nextFreeAddress } from './ipam.js';

describe('nextFreeAddress', () => {
  it('hands out the lowest host address that is neither the gateway nor taken', () => {
    expect(nextFreeAddress('10.88.0.0/24', [], { gateway: '10.88.0.1' })).toBe('10.88.0.2');
    expect(nextFreeAddress('10.88.0.0/24', ['10.88.0.2', '10.88.0.3/24'], { gateway: '10.88.0.1' })).toBe('10.88.0.4');
    // A gap left by a removed container is reused first.
    expect(nextFreeAddress('10.88.0.0/24', ['10.88.0.2', '10.88.0.4'], { gateway: '10.88.0.1' })).toBe('10.88.0.3');
  });

  it('never hands out the network or broadcast address, and ignores addresses of other subnets', () => {
    expect(nextFreeAddress('10.88.0.0/30', ['192.168.1.2'], { gateway: '10.88.0.1' })).toBe('10.88.0.2');
    expect(() => nextFreeAddress('10.88.0.0/30', ['10.88.0.2'], { gateway: '10.88.0.1' })).toThrow(
      expect.objectContaining({ code: 'SUBNET_FULL', message: expect.stringMatching(/10\.88\.0\.0\/30 has no free address left/) }),
    );
  });

  it('walks a large subnet quickly', () => {
    const taken = Array.from({ length: 5000 }, (_, i) => `10.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`);
    const started = performance.now();
    expect(nextFreeAddress('10.0.0.0/8', taken, { gateway: '10.0.0.1' })).toBe('10.0.19.138');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses a malformed subnet or taken entry', () => {
    expect(() => nextFreeAddress('10.88.0.1/24', [])).toThrow(/host bits set/);
    expect(() => nextFreeAddress('10.88.0.0/24', ['bogus'])).toThrow(/taken: "bogus"/);
  });
});
