import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../reference/digest.js';
import { chainIds } from './chain-id.js';

const digest = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}` as Digest;

describe('chainIds', () => {
  it('starts with the first diff ID and hashes "<previous> <next>" after that', () => {
    const [a, b, c] = [digest('a'), digest('b'), digest('c')];
    const chain = chainIds([a, b, c]);
    expect(chain[0]).toBe(a);
    expect(chain[1]).toBe(digest(`${a} ${b}`));
    expect(chain[2]).toBe(digest(`${chain[1]} ${c}`));
  });
});
