import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarOf } from '../testing/tar-of.js';
import type { Digest } from '../reference/digest.js';
import { ImageStore } from './image-store.js';
import { writeImage } from './write-image.js';

const layerWith = (name: string, content: string) => tarOf([{ name, content }]);

const sha = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}` as Digest;
const base = { architecture: 'amd64', os: 'linux' };

let root: string;
let store: ImageStore;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-store-'));
  store = new ImageStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('ImageStore', () => {
  it('is an OCI image layout that names images in index.json', async () => {
    const layer = await layerWith('a', 'A');
    const stored = await writeImage(store, 'example.com/app:1', [{ tar: () => layer }], base);
    expect(JSON.parse(readFileSync(join(root, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(store.readIndex().manifests.map((entry) => entry.annotations?.['org.opencontainers.image.ref.name'])).toEqual(['example.com/app:1']);
    expect(store.resolve('example.com/app:1').manifest.digest).toBe(stored.manifest.digest);
    expect(existsSync(store.blobs.path(sha(layer)))).toBe(true);
  });

  it('refuses a blob whose content does not match its digest, keeping nothing', async () => {
    await expect(store.blobs.put('tampered', sha('original'))).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(readdirSync(join(root, 'blobs', 'sha256'))).toEqual([]);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('unpacks each layer once per chain and shares the snapshot between images', async () => {
    const shared = await layerWith('shared', 'S');
    await writeImage(store, 'two', [{ tar: () => shared }], base);
    await writeImage(store, 'three', [{ tar: () => shared }], base);
    const two = await store.prepare('two');
    const three = await store.prepare('three');
    expect(two.lowerDirs).toEqual(three.lowerDirs);
    expect(readFileSync(join(two.lowerDirs[0]!, 'shared'), 'utf8')).toBe('S');
    expect(readdirSync(join(root, 'snapshots'))).toHaveLength(1);
  });

  it('refuses a layer whose content is not the diff ID the config promises', async () => {
    const layer = await layerWith('x', 'X');
    const image = await writeImage(store, 'liar', [{ tar: () => layer }], base);
    const manifest = await store.manifest(image);
    const config = await store.config(manifest);
    const lie = { ...config, rootfs: { type: 'layers' as const, diff_ids: [sha('something else')] } };
    await expect(store.snapshots.lowerDirs(manifest, lie)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(readdirSync(join(root, 'snapshots'))).toEqual([]);
  });

  it('says which image is missing', () => {
    expect(() => store.resolve('nope:1')).toThrow(
      expect.objectContaining({ code: 'IMAGE_NOT_FOUND', message: expect.stringContaining('docker.io/library/nope:1') }),
    );
  });
});
