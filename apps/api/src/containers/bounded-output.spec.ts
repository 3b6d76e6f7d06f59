import { describe, expect, it } from 'vitest';
import { BoundedOutput } from './bounded-output.js';

describe('BoundedOutput', () => {
  it('keeps everything under the limit', () => {
    const output = new BoundedOutput(16);
    output.push(Buffer.from('hello '));
    output.push(Buffer.from('world'));

    expect([output.text(), output.truncated, output.totalBytes]).toEqual(['hello world', false, 11]);
  });

  it('keeps the first limit bytes, counts the rest, and holds no more than the limit', () => {
    const output = new BoundedOutput(8);
    for (let index = 0; index < 1000; index++) output.push(Buffer.alloc(1024, 'x'));

    expect(output.text()).toBe('xxxxxxxx');
    expect(output.truncated).toBe(true);
    expect(output.totalBytes).toBe(1024 * 1000);
  });
});
