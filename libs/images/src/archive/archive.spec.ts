import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStore } from '../store/image-store.js';
import { tarOf } from '../testing/tar-of.js';
import { writeImage } from '../store/write-image.js';
import { exportDockerArchive } from './export-archive.js';
import { importArchive } from './import-archive.js';

// Round trips through skopeo (Debian's package, installed by `npm test`): a tool no one here wrote.
const skopeo = (...args: string[]) => execFileSync('skopeo', ['--insecure-policy', ...args], { encoding: 'utf8' });

let work: string;
let source: ImageStore;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'berth-archive-'));
  source = new ImageStore(join(work, 'source'));
  const layer = await tarOf([
    { name: 'app/', type: 'directory', mode: 0o755 },
    { name: 'app/hello.txt', content: 'hello from a layer' },
  ]);
  await writeImage(source, 'example.com/team/app:1.0', [{ tar: () => layer }], {
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['cat', '/app/hello.txt'] },
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('image archives', () => {
  it('exports a docker save archive that skopeo reads, and imports it back', async () => {
    const path = join(work, 'saved.tar');
    await exportDockerArchive(source, ['example.com/team/app:1.0'], createWriteStream(path));
    const inspected = JSON.parse(skopeo('inspect', `docker-archive:${path}`));
    const manifest = await source.manifest(source.resolve('example.com/team/app:1.0'));
    const config = await source.config(manifest);
    expect(inspected.Layers).toEqual(config.rootfs.diff_ids);

    const target = new ImageStore(join(work, 'from-docker-archive'));
    const [imported] = await importArchive(target, createReadStream(path));
    expect(imported!.reference).toBe('example.com/team/app:1.0');
    const { lowerDirs } = await target.prepare('example.com/team/app:1.0');
    expect(readFileSync(join(lowerDirs[0]!, 'app/hello.txt'), 'utf8')).toBe('hello from a layer');
  });

  it('imports the OCI archive skopeo makes from it', async () => {
    const saved = join(work, 'saved.tar');
    const oci = join(work, 'oci.tar');
    skopeo('copy', `docker-archive:${saved}`, `oci-archive:${oci}:example.com/team/app:copied`);
    const target = new ImageStore(join(work, 'from-oci'));
    const [imported] = await importArchive(target, createReadStream(oci));
    expect(imported!.reference).toBe('example.com/team/app:copied');
    const { lowerDirs, config } = await target.prepare('example.com/team/app:copied');
    expect(config.config?.Cmd).toEqual(['cat', '/app/hello.txt']);
    expect(readFileSync(join(lowerDirs[0]!, 'app/hello.txt'), 'utf8')).toBe('hello from a layer');
  });

  it('refuses an archive whose manifest points outside it', async () => {
    const evil = await tarOf([{ name: 'manifest.json', content: JSON.stringify([{ Config: '../../../../etc/passwd', RepoTags: ['evil:1'], Layers: [] }]) }]);
    const target = new ImageStore(join(work, 'evil-1'));
    await expect(importArchive(target, Readable.from(evil))).rejects.toMatchObject({ code: 'INVALID_ARCHIVE' });
    expect(target.list()).toEqual([]);
  });

  it('refuses an archive whose config is a symlink to a host file', async () => {
    const evil = await tarOf([
      { name: 'config.json', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: ['evil:2'], Layers: [] }]) },
    ]);
    const target = new ImageStore(join(work, 'evil-2'));
    await expect(importArchive(target, Readable.from(evil))).rejects.toMatchObject({ code: 'INVALID_ARCHIVE' });
    expect(target.list()).toEqual([]);
  });

  it('refuses an OCI archive with a tampered blob and names nothing', async () => {
    const dir = join(work, 'tampered');
    skopeo('copy', `docker-archive:${join(work, 'saved.tar')}`, `oci:${dir}:app`);
    const blobs = join(dir, 'blobs', 'sha256');
    const manifestDigest = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).manifests[0].digest.slice(7);
    const manifest = JSON.parse(readFileSync(join(blobs, manifestDigest), 'utf8'));
    writeFileSync(join(blobs, manifest.layers[0].digest.slice(7)), 'not the layer');
    const tarPath = join(work, 'tampered.tar');
    execFileSync('tar', ['-C', dir, '-cf', tarPath, '.']);
    const target = new ImageStore(join(work, 'tampered-store'));
    await expect(importArchive(target, createReadStream(tarPath))).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(target.list()).toEqual([]);
    expect(readdirSync(join(work, 'tampered-store', 'tmp'))).toEqual([]);
  });
});
