import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_CONFIG, busyboxLayer } from '../seed/busybox-layer.js';
import { ImageStore } from '../store/image-store.js';
import { writeImage } from '../store/write-image.js';
import { exportDockerArchive } from './export-archive.js';
import { importArchive } from './import-archive.js';

// `podman load` of Berth's export and `podman save` back (Debian's podman, installed by
// `npm test`), with podman's storage in a temp dir so the host's is never touched.
let work: string;
let source: ImageStore;
const podman = (...args: string[]) =>
  execFileSync('podman', ['--root', join(work, 'storage'), '--runroot', join(work, 'run'), ...args], { encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'berth-podman-'));
  source = new ImageStore(join(work, 'source'));
  const layer = await busyboxLayer();
  await writeImage(source, 'example.com/berth/busybox:1', [{ tar: () => layer }], BUSYBOX_CONFIG);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('podman round trip', () => {
  it('podman loads the docker save archive Berth writes, and Berth imports what podman saves', async () => {
    const exported = join(work, 'berth.tar');
    const out = createWriteStream(exported);
    await exportDockerArchive(source, ['example.com/berth/busybox:1'], out);
    await finished(out);
    expect(podman('load', '-i', exported)).toContain('example.com/berth/busybox:1');
    const sourceConfig = await source.config(await source.manifest(source.resolve('example.com/berth/busybox:1')));

    for (const format of ['docker-archive', 'oci-archive']) {
      const saved = join(work, `podman-${format}.tar`);
      podman('save', '--format', format, '-o', saved, 'example.com/berth/busybox:1');
      const target = new ImageStore(join(work, `from-${format}`));
      const [image] = await importArchive(target, createReadStream(saved), { tag: 'example.com/berth/busybox:back' });
      const config = await target.config(await target.manifest(image!));
      expect(config.rootfs.diff_ids, format).toEqual(sourceConfig.rootfs.diff_ids);
      const { lowerDirs } = await target.prepare('example.com/berth/busybox:back');
      expect(execFileSync('ls', [join(lowerDirs[0]!, 'bin')], { encoding: 'utf8' })).toContain('busybox');
    }
  }, 120_000);
});
