import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarOf } from '../testing/tar-of.js';
import { prune, removeImage } from './garbage-collection.js';
import { ImageStore } from './image-store.js';
import { writeImage } from './write-image.js';

const layerWith = (name: string) => tarOf([{ name, content: name }]);

const base = { architecture: 'amd64', os: 'linux' };
let root: string;
let store: ImageStore;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-gc-'));
  store = new ImageStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('image removal and prune', () => {
  it('refuses to remove an image a container uses, and removes it once unused', async () => {
    await writeImage(store, 'app:1', [{ tar: await layerWith('a').then((layer) => () => layer) }], base);
    const { lowerDirs } = await store.prepare('app:1');
    await expect(removeImage(store, 'app:1', () => new Set(lowerDirs))).rejects.toMatchObject({ code: 'IMAGE_IN_USE' });
    expect(store.list()).toHaveLength(1);
    await removeImage(store, 'app:1', () => new Set());
    expect(store.list()).toEqual([]);
  });

  it('prunes blobs and snapshots nothing uses, keeping what other images and containers share', async () => {
    const shared = await layerWith('shared');
    const extra = await layerWith('extra');
    await writeImage(store, 'keep:1', [{ tar: () => shared }], base);
    await writeImage(store, 'drop:1', [{ tar: () => shared }, { tar: () => extra }], base);
    const kept = await store.prepare('keep:1');
    const dropped = await store.prepare('drop:1');
    expect(readdirSync(join(root, 'snapshots'))).toHaveLength(2);
    await removeImage(store, 'drop:1');
    const report = await prune(store);
    expect(report.snapshots).toBe(1);
    expect(report.blobs).toBe(3); // its manifest, its config and the extra layer
    expect(existsSync(kept.lowerDirs[0]!)).toBe(true);
    expect(existsSync(dropped.lowerDirs[0]!)).toBe(false);
    expect((await store.prepare('keep:1')).lowerDirs).toEqual(kept.lowerDirs);
  });

  it('keeps a snapshot a container still uses after its image is gone', async () => {
    await writeImage(store, 'gone:1', [{ tar: await layerWith('g').then((layer) => () => layer) }], base);
    const { lowerDirs } = await store.prepare('gone:1');
    store.untag('gone:1');
    await prune(store, () => new Set(lowerDirs));
    expect(existsSync(lowerDirs[0]!)).toBe(true);
  });
});
