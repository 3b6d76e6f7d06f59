import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageStore } from '@berth/images';
import { afterEach, describe, expect, it } from 'vitest';
import { seedImagesIfEmpty } from './seed-images.js';

// Needs Debian's busybox-static at /bin/busybox (npm test installs it).
describe('seedImagesIfEmpty', () => {
  const dirs: string[] = [];
  const store = () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-seed-'));
    dirs.push(dir);
    return new ImageStore(join(dir, 'images'));
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('makes busybox:latest in an empty store, once, and only when allowed', async () => {
    const empty = store();
    expect(await seedImagesIfEmpty(empty, true)).toEqual(['docker.io/library/busybox:latest']);
    expect(empty.list().map((image) => image.reference)).toEqual(['docker.io/library/busybox:latest']);
    expect(await seedImagesIfEmpty(empty, true)).toEqual([]);
    const optedOut = store();
    expect(await seedImagesIfEmpty(optedOut, false)).toEqual([]);
    expect(optedOut.list()).toEqual([]);
  });
});
