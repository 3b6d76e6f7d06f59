import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../reference/digest.js';
import { ImageStore } from '../store/image-store.js';
import { MEDIA_TYPES } from '../store/oci-types.js';
import { pullImage } from './pull.js';
import { sha256Digest } from './registry-client.js';

// A registry that misbehaves on purpose, which a real one cannot be made to do: a tiny
// Node server on loopback serving whatever each test sets up.

type Route = (request: IncomingMessage, response: ServerResponse) => void;

let routes: Map<string, Route>;
let server: ReturnType<typeof createServer>;
let host: string;
let root: string;
let store: ImageStore;

beforeEach(async () => {
  routes = new Map();
  server = createServer((request, response) => {
    const route = routes.get(`${request.method} ${request.url}`);
    if (route) return route(request, response);
    response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'NOT_FOUND', message: request.url }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  root = mkdtempSync(join(tmpdir(), 'berth-pull-'));
  store = new ImageStore(root);
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const send =
  (body: Buffer | string, headers: Record<string, string> = {}): Route =>
  (_request, response) =>
    response.writeHead(200, { 'Content-Length': String(Buffer.byteLength(body)), ...headers }).end(body);

/** Serves an image whose layer is `served` while its manifest promises `promised`. */
function image(promised: string, served: Buffer | string = promised, manifestHeaders: Record<string, string> = {}) {
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256Digest(promised)] } });
  const layer: { digest: Digest; size: number } = { digest: sha256Digest(promised), size: Buffer.byteLength(promised) };
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: { mediaType: MEDIA_TYPES.config, digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: MEDIA_TYPES.layer, ...layer }],
  });
  routes.set(
    'GET /v2/app/manifests/1',
    send(manifest, { 'Content-Type': MEDIA_TYPES.manifest, 'Docker-Content-Digest': sha256Digest(manifest), ...manifestHeaders }),
  );
  routes.set(`GET /v2/app/blobs/${sha256Digest(config)}`, send(config));
  routes.set(`GET /v2/app/blobs/${layer.digest}`, send(served));
  return { layer, manifestDigest: sha256Digest(manifest) };
}

const fast = { retries: 2, retryDelayMs: 5 };

describe('pullImage against a misbehaving registry', () => {
  it('refuses a layer whose content is not its digest, and names nothing', async () => {
    const { layer } = image('the real layer', 'an evil layer!');
    await expect(pullImage(store, `${host}/app:1`, fast)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(store.list()).toEqual([]);
    expect(store.blobs.has(layer.digest)).toBe(false);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('refuses a blob longer than its descriptor without reading it all', async () => {
    const { layer } = image('short', Buffer.alloc(4 * 1024 * 1024, 1));
    await expect(pullImage(store, `${host}/app:1`, fast)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringContaining('longer') });
    expect(store.blobs.has(layer.digest)).toBe(false);
    expect(store.list()).toEqual([]);
  });

  it('refuses a manifest whose bytes are not the digest the registry claims', async () => {
    image('layer', 'layer', { 'Docker-Content-Digest': sha256Digest('another manifest') });
    await expect(pullImage(store, `${host}/app:1`, fast)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(store.list()).toEqual([]);
  });

  it('refuses a manifest that is not the digest in the reference', async () => {
    const { manifestDigest } = image('layer');
    routes.set(`GET /v2/app/manifests/${sha256Digest('x')}`, routes.get('GET /v2/app/manifests/1')!);
    await expect(pullImage(store, `${host}/app@${sha256Digest('x')}`, fast)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(manifestDigest).not.toBe(sha256Digest('x'));
  });

  it('retries a 503 and a dropped connection, and follows a redirect', async () => {
    const { layer } = image('layer that arrives eventually');
    const serve = routes.get(`GET /v2/app/blobs/${layer.digest}`)!;
    let attempts = 0;
    routes.set(`GET /v2/app/blobs/${layer.digest}`, (_request, response) => {
      attempts++;
      if (attempts === 1) return void response.writeHead(503).end();
      if (attempts === 2) {
        // Promise the whole blob, send half, hang up.
        response.writeHead(200, { 'Content-Length': String(layer.size) });
        response.write('layer that');
        return void setTimeout(() => response.socket?.destroy(), 20);
      }
      response.writeHead(307, { Location: '/storage/layer' }).end();
    });
    routes.set('GET /storage/layer', serve);
    const pulled = await pullImage(store, `${host}/app:1`, fast);
    expect(attempts).toBe(3);
    expect(store.blobs.has(layer.digest)).toBe(true);
    expect(store.resolve(`${host}/app:1`).manifest.digest).toBe(pulled.manifest.digest);
  });

  it('gives up on a registry that keeps failing, with its status', async () => {
    image('layer');
    routes.set('GET /v2/app/manifests/1', (_request, response) =>
      response.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'maintenance' }] })),
    );
    await expect(pullImage(store, `${host}/app:1`, fast)).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringContaining('503 for manifest app:1: UNAVAILABLE: maintenance'),
    });
  });

  it('refuses manifests it cannot read', async () => {
    const schema1 = JSON.stringify({ schemaVersion: 1, mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', fsLayers: [] });
    routes.set('GET /v2/app/manifests/1', send(schema1));
    await expect(pullImage(store, `${host}/app:1`, fast)).rejects.toMatchObject({ code: 'INVALID_IMAGE', message: expect.stringContaining('schema 2') });
    const traversal = JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.manifest, config: { digest: 'sha256:../../etc', size: 1 }, layers: [] });
    routes.set('GET /v2/app/manifests/1', send(traversal));
    await expect(pullImage(store, `${host}/app:1`, fast)).rejects.toMatchObject({ code: 'INVALID_IMAGE' });
  });
});
