import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../reference/digest.js';
import { freePort } from '@berth/testing';
import { startLocalRegistry, type LocalRegistry } from '../testing/local-registry.js';
import { ImageStore } from '../store/image-store.js';
import { MEDIA_TYPES, type ImageConfig } from '../store/oci-types.js';
import { writeImage } from '../store/write-image.js';
import { hostPlatform } from './platform.js';
import { pullImage } from './pull.js';
import { pushImage } from './push.js';
import { MANIFEST_MEDIA_TYPES, RegistryClient, sha256Digest } from './registry-client.js';
import type { TransferProgress } from './transfer.js';

// Pull and push against Debian's docker-registry (the CNCF distribution registry): a server
// no one here wrote. Each registry runs on a free loopback port with its own storage and config.

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name, mode: 0o644 }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An image in Docker's schema 2 format with a gzip layer, stored as a registry would serve it:
 * what `docker push` produces, and what most of Docker Hub is.
 */
async function dockerGzipImage(store: ImageStore, reference: string, files: Record<string, string>, platform = { architecture: 'amd64', os: 'linux' }) {
  const tar = await tarOf(files);
  const gz = gzipSync(tar);
  const layer = await store.blobs.put(gz);
  const config: ImageConfig = { ...platform, config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [sha256Digest(tar)] } };
  const configBlob = await store.blobs.put(JSON.stringify(config));
  const manifest = {
    schemaVersion: 2,
    mediaType: MANIFEST_MEDIA_TYPES.dockerManifest,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: configBlob.digest, size: configBlob.size },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: layer.digest, size: layer.size }],
  };
  const manifestBlob = await store.blobs.put(JSON.stringify(manifest));
  return store.tag(reference, { mediaType: MANIFEST_MEDIA_TYPES.dockerManifest, digest: manifestBlob.digest, size: manifestBlob.size });
}

const fast = { retries: 1, retryDelayMs: 10 };

let work: string;
let open: LocalRegistry;
let guarded: LocalRegistry;
let source: ImageStore;
const credentials = { username: 'berth', password: 's3cret-pass' };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'berth-registry-'));
  const htpasswd = join(work, 'htpasswd');
  // bcrypt, the only hash distribution's htpasswd accepts.
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', credentials.username, credentials.password], { encoding: 'utf8' }));
  for (const name of ['open', 'guarded']) mkdirSync(join(work, name));
  [open, guarded] = await Promise.all([startLocalRegistry(join(work, 'open')), startLocalRegistry(join(work, 'guarded'), htpasswd)]);
  source = new ImageStore(join(work, 'source'));
});

afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

const freshStore = () => new ImageStore(mkdtempSync(join(work, 'store-')));

describe('push and pull against docker-registry', () => {
  it('round-trips an image into a second store, reporting progress, and the pulled image unpacks', async () => {
    const layer = await tarOf({ 'hello.txt': 'hello from a pushed layer' });
    const local = await writeImage(source, `${open.host}/berth/plain:1`, [{ tar: () => layer }], { architecture: 'amd64', os: 'linux' });
    const pushed = await pushImage(source, `${open.host}/berth/plain:1`);
    expect(pushed.digest).toBe(local.manifest.digest);
    expect(pushed.uploaded).toHaveLength(2);

    const target = freshStore();
    const events: TransferProgress[] = [];
    const pulled = await pullImage(target, `${open.host}/berth/plain:1`, { onProgress: (event) => events.push(event) });
    expect(pulled.reference).toBe(`${open.host}/berth/plain:1`);
    expect(pulled.manifest.digest).toBe(local.manifest.digest);
    expect(pulled.digest).toBe(local.manifest.digest);
    expect(readFileSync(target.blobs.path(local.manifest.digest))).toEqual(readFileSync(source.blobs.path(local.manifest.digest)));
    const finished = events.filter((event) => event.done);
    expect(finished.map((event) => event.digest).sort()).toEqual([sha256Digest(layer), (await source.manifest(local)).config.digest].sort());
    expect(finished.every((event) => event.bytes === event.total)).toBe(true);

    const { lowerDirs } = await target.prepare(`${open.host}/berth/plain:1`);
    expect(readFileSync(join(lowerDirs[0]!, 'hello.txt'), 'utf8')).toBe('hello from a pushed layer');
  });

  it('keeps Docker schema 2 manifests as they are, and their gzip layers unpack', async () => {
    const reference = `${open.host}/berth/docker:gz`;
    const local = await dockerGzipImage(source, reference, { 'etc/motd': 'gzip layer' });
    await pushImage(source, reference);
    const target = freshStore();
    const pulled = await pullImage(target, reference);
    expect(pulled.manifest).toMatchObject({ mediaType: MANIFEST_MEDIA_TYPES.dockerManifest, digest: local.manifest.digest });
    const { lowerDirs } = await target.prepare(reference);
    expect(readFileSync(join(lowerDirs[0]!, 'etc/motd'), 'utf8')).toBe('gzip layer');
  });

  it('skips blobs the registry already has, and blobs the store already has', async () => {
    const layer = await tarOf({ again: 'same content' });
    await writeImage(source, `${open.host}/berth/again:1`, [{ tar: () => layer }], { architecture: 'amd64', os: 'linux' });
    const first = await pushImage(source, `${open.host}/berth/again:1`);
    const skippedEvents: Digest[] = [];
    const second = await pushImage(source, `${open.host}/berth/again:2`, {
      source: `${open.host}/berth/again:1`,
      onProgress: (event) => event.skipped && skippedEvents.push(event.digest),
    });
    expect(first.uploaded).toHaveLength(2);
    expect(second.uploaded).toEqual([]);
    expect(second.skipped.sort()).toEqual(first.uploaded.sort());
    expect(skippedEvents.sort()).toEqual(first.uploaded.sort());
    expect(second.digest).toBe(first.digest);

    const target = freshStore();
    await pullImage(target, `${open.host}/berth/again:1`);
    const skippedOnPull: Digest[] = [];
    await pullImage(target, `${open.host}/berth/again:2`, { onProgress: (event) => event.skipped && skippedOnPull.push(event.digest) });
    expect(skippedOnPull).toHaveLength(2);
  });

  it('pulls by digest, and says which manifest is missing', async () => {
    const layer = await tarOf({ d: 'by digest' });
    const local = await writeImage(source, `${open.host}/berth/digest:1`, [{ tar: () => layer }], { architecture: 'amd64', os: 'linux' });
    await pushImage(source, `${open.host}/berth/digest:1`);
    const target = freshStore();
    const pulled = await pullImage(target, `${open.host}/berth/digest@${local.manifest.digest}`);
    expect(pulled.reference).toBe(`${open.host}/berth/digest@${local.manifest.digest}`);
    await expect(pullImage(target, `${open.host}/berth/digest:nope`)).rejects.toMatchObject({
      code: 'MANIFEST_NOT_FOUND',
      message: expect.stringContaining('MANIFEST_UNKNOWN'),
    });
    await expect(pullImage(target, `${open.host}/berth/digest@${sha256Digest('missing')}`)).rejects.toMatchObject({ code: 'MANIFEST_NOT_FOUND' });
  });
});

describe('basic auth (htpasswd)', () => {
  it('pushes and pulls with the right credentials and refuses without or with wrong ones', async () => {
    const reference = `${guarded.host}/private/app:1`;
    const layer = await tarOf({ secret: 'only for berth' });
    await writeImage(source, reference, [{ tar: () => layer }], { architecture: 'amd64', os: 'linux' });
    await expect(pushImage(source, reference, fast)).rejects.toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    await pushImage(source, reference, { credentials });

    const target = freshStore();
    await pullImage(target, reference, { credentials });
    expect(target.resolve(reference).manifest.digest).toBe(source.resolve(reference).manifest.digest);

    const other = freshStore();
    await expect(pullImage(other, reference)).rejects.toMatchObject({ code: 'REGISTRY_AUTH_FAILED' });
    await expect(pullImage(other, reference, { credentials: { ...credentials, password: 'wrong' } })).rejects.toMatchObject({
      code: 'REGISTRY_AUTH_FAILED',
      message: expect.stringContaining('UNAUTHORIZED'),
    });
    expect(other.list()).toEqual([]);
  });

  it('checks credentials on ping', async () => {
    await new RegistryClient(guarded.host, { credentials }).ping();
    await expect(new RegistryClient(guarded.host, { credentials: { ...credentials, password: 'no' } }).ping()).rejects.toMatchObject({
      code: 'REGISTRY_AUTH_FAILED',
    });
  });
});

describe('image indexes', () => {
  it('selects the requested platform and lists the available ones when it is missing', async () => {
    const repo = `${open.host}/berth/multi`;
    const amd = await dockerGzipImage(source, `${repo}:amd64`, { arch: 'amd64' }, { architecture: 'amd64', os: 'linux' });
    const armLayer = await tarOf({ arch: 'arm64' });
    const arm = await writeImage(source, `${repo}:arm64`, [{ tar: () => armLayer }], { architecture: 'arm64', os: 'linux' });
    await pushImage(source, `${repo}:amd64`);
    await pushImage(source, `${repo}:arm64`);
    const index = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: [
        { ...amd.manifest, annotations: undefined, platform: { os: 'linux', architecture: 'amd64' } },
        { ...arm.manifest, annotations: undefined, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        // What buildkit adds for provenance: never a pull candidate.
        { ...arm.manifest, annotations: undefined, platform: { os: 'unknown', architecture: 'unknown' } },
      ],
    };
    const indexBytes = Buffer.from(JSON.stringify(index));
    const indexDigest = await new RegistryClient(open.host).putManifest('berth/multi', 'latest', indexBytes, MEDIA_TYPES.index);

    const target = freshStore();
    const armPull = await pullImage(target, `${repo}:latest`, { platform: 'linux/arm64' });
    expect(armPull).toMatchObject({ digest: indexDigest, platform: { architecture: 'arm64' }, manifest: { digest: arm.manifest.digest } });
    expect(target.resolve(`${repo}:latest`).manifest.digest).toBe(arm.manifest.digest);

    const amdPull = await pullImage(freshStore(), `${repo}:latest`, { platform: { os: 'linux', architecture: 'amd64' } });
    expect(amdPull.manifest.digest).toBe(amd.manifest.digest);

    // No platform asked for: this machine's, as `docker pull` does.
    const hostPull = await pullImage(freshStore(), `${repo}:latest`);
    expect(hostPull.platform?.architecture).toBe(hostPlatform().architecture);

    const missing = pullImage(freshStore(), `${repo}:latest`, { platform: 'linux/s390x' });
    await expect(missing).rejects.toMatchObject({ code: 'PLATFORM_NOT_FOUND', message: expect.stringMatching(/linux\/amd64, linux\/arm64\/v8$/) });
  });
});

describe('failures', () => {
  it('reports an unreachable registry', async () => {
    const port = await freePort();
    await expect(pullImage(freshStore(), `127.0.0.1:${port}/nothing:1`, fast)).rejects.toMatchObject({
      code: 'REGISTRY_UNREACHABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
