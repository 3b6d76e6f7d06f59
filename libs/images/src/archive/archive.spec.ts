import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
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

  describe('a layer that unpacking would refuse', () => {
    const good = { name: 'app/ok.txt', content: 'fine' };
    /** A `docker save` archive of one image whose second layer is `bad` (its diff IDs are right). */
    async function dockerSave(bad: Parameters<typeof tarOf>[0], compress = false, claim?: Buffer): Promise<Buffer> {
      const first = await tarOf([good]);
      let second = await tarOf(bad);
      const diffIds = [first, claim ?? second].map((layer) => `sha256:${createHash('sha256').update(layer).digest('hex')}`);
      if (compress) second = gzipSync(second);
      const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds } });
      return tarOf([
        { name: 'config.json', content: config },
        { name: 'one/layer.tar', content: first },
        { name: 'two/layer.tar', content: second },
        { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: ['crafted:1'], Layers: ['one/layer.tar', 'two/layer.tar'] }]) },
      ]);
    }

    /** Everything an import may leave behind: names, blobs, snapshots, temp files. */
    function contents(store: ImageStore): unknown {
      const list = (dir: string) => readdirSync(join(store.root, dir)).sort();
      return { names: store.list(), blobs: list('blobs/sha256'), snapshots: list('snapshots'), tmp: list('tmp') };
    }

    it.each([
      ['a path climbing out', [{ name: '../../escape.txt', content: 'x' }], 'UNSAFE_LAYER'],
      ['a hard link to a host file', [{ name: 'passwd', type: 'link', linkname: '/etc/passwd' }], 'UNSAFE_LAYER'],
      ['a device node', [{ name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0 }], 'UNSAFE_LAYER'],
      [
        'a write through a symlink',
        [
          { name: 'etc', type: 'symlink', linkname: '/etc' },
          { name: 'etc/cron.d/evil', content: 'x' },
        ],
        'UNSAFE_LAYER',
      ],
    ] as const)('refuses %s before recording anything', async (_what, bad, code) => {
      const target = new ImageStore(join(work, `crafted-${randomBytes(4).toString('hex')}`));
      const before = contents(target);
      await expect(importArchive(target, Readable.from(await dockerSave([...bad] as Parameters<typeof tarOf>[0])))).rejects.toMatchObject({ code });
      expect(contents(target)).toEqual(before);
    });

    it('refuses a compressed layer whose content is not its diff ID, leaving no blob', async () => {
      const target = new ImageStore(join(work, 'crafted-diff'));
      // Gzip is not checked against a digest by docker save's format; only unpacking finds the lie.
      const archive = await dockerSave([{ name: 'other.txt', content: 'what is really there' }], true, await tarOf([{ name: 'claimed.txt', content: 'x' }]));
      const before = contents(target);
      await expect(importArchive(target, Readable.from(archive))).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
      expect(contents(target)).toEqual(before);
    });

    it('keeps the layers it checked as snapshots when the whole archive is good', async () => {
      const target = new ImageStore(join(work, 'crafted-good'));
      const [imported] = await importArchive(target, Readable.from(await dockerSave([{ name: 'app/two.txt', content: 'two' }], true)));
      expect(imported!.reference).toBe('docker.io/library/crafted:1');
      expect(readdirSync(join(target.root, 'snapshots'))).toHaveLength(2);
      expect(readdirSync(join(target.root, 'tmp'))).toEqual([]);
      const { lowerDirs } = await target.prepare('crafted:1');
      // Top-most first.
      expect(readFileSync(join(lowerDirs[0]!, 'app/two.txt'), 'utf8')).toBe('two');
      expect(readFileSync(join(lowerDirs[1]!, 'app/ok.txt'), 'utf8')).toBe('fine');
    });
  });
});
