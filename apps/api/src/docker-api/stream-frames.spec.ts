import { describe, expect, it } from 'vitest';
import { frame } from './stream-frames.js';

describe('frame', () => {
  it('prefixes the stream id and the big-endian length', () => {
    const framed = frame('stderr', Buffer.from('oops\n'));
    expect([...framed.subarray(0, 8)]).toEqual([2, 0, 0, 0, 0, 0, 0, 5]);
    expect(framed.subarray(8).toString()).toBe('oops\n');
  });

  it('carries lengths beyond one byte', () => {
    const framed = frame('stdout', Buffer.alloc(70_000, 'a'));
    expect(framed.readUInt32BE(4)).toBe(70_000);
    expect(framed[0]).toBe(1);
  });
});
