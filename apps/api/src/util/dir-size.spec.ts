import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directorySize } from './dir-size.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-dir-size-'));
  let dir = root;
  for (let depth = 0; depth < 5; depth++) {
    writeFileSync(join(dir, 'file'), Buffer.alloc(10));
    dir = join(dir, 'sub');
    mkdirSync(dir);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('directorySize', () => {
  it('adds up the regular files of the whole tree', async () => {
    expect(await directorySize(root)).toEqual({ bytes: 50, files: 5, truncated: false });
  });

  it('is empty for a directory that does not exist', async () => {
    expect(await directorySize(join(root, 'missing'))).toEqual({ bytes: 0, files: 0, truncated: false });
  });

  it('stops at its entry bound and says the size is partial', async () => {
    const size = await directorySize(root, { maxEntries: 3, maxDepth: 64 });
    expect(size.truncated).toBe(true);
    expect(size.bytes).toBeLessThan(50);
  });

  it('stops at its depth bound and says the size is partial', async () => {
    expect(await directorySize(root, { maxEntries: 1000, maxDepth: 2 })).toEqual({ bytes: 20, files: 2, truncated: true });
  });
});
