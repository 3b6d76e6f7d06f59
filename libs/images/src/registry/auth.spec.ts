import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImageStore } from '../store/image-store.js';
import { MEDIA_TYPES } from '../store/oci-types.js';
import { parseWwwAuthenticate } from './auth.js';
import { pullImage } from './pull.js';
import { RegistryClient, sha256Digest } from './registry-client.js';

describe('parseWwwAuthenticate', () => {
  it('reads a registry bearer challenge, commas inside quotes included', () => {
    expect(
      parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push"'),
    ).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull,push' } },
    ]);
  });

  it('reads several challenges, unquoted values, spacing and escapes', () => {
    expect(parseWwwAuthenticate('Basic realm="a \\"quoted\\" realm", charset=UTF-8 ,  Bearer realm = "https://t/x" , error=insufficient_scope')).toEqual([
      { scheme: 'basic', params: { realm: 'a "quoted" realm', charset: 'UTF-8' } },
      { scheme: 'bearer', params: { realm: 'https://t/x', error: 'insufficient_scope' } },
    ]);
  });

  it('survives nonsense without looping', () => {
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('Negotiate')).toEqual([{ scheme: 'negotiate', params: {} }]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated').at(0)?.params['realm']).toBe('unterminated');
    expect(parseWwwAuthenticate('"= ,,=').length).toBe(0);
  });
});

// A token service and a registry in one tiny server: the registry accepts only tokens the
// realm issued for the right scope, the realm only the right basic credentials.
const credentials = { username: 'robot', password: 'hunter2' };
let tokenRequests: URLSearchParams[];
let server: ReturnType<typeof createServer>;
let host: string;
let root: string;

const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } });
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA_TYPES.manifest,
  config: { mediaType: MEDIA_TYPES.config, digest: sha256Digest(config), size: config.length },
  layers: [],
});

function tokenFor(scope: string) {
  return `token-for-${Buffer.from(scope).toString('base64url')}`;
}

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url!, `http://${host}`);
    if (url.pathname === '/token') {
      tokenRequests.push(url.searchParams);
      const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected) return void response.writeHead(401).end('bad credentials');
      const scope = url.searchParams.getAll('scope').join(' ');
      return void response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: tokenFor(scope), expires_in: 300 }));
    }
    const repository = /^\/v2\/([^/]+)\//.exec(url.pathname)?.[1];
    const scope = repository ? `repository:${repository}:pull` : '';
    if (request.headers.authorization !== `Bearer ${tokenFor(scope)}`) {
      const scopeParam = scope ? `,scope="${scope}"` : '';
      return void response
        .writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${host}/token",service="fake-registry"${scopeParam}`, 'Content-Type': 'application/json' })
        .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    }
    if (url.pathname === '/v2/') return void response.writeHead(200).end('{}');
    if (url.pathname === '/v2/app/manifests/1') {
      return void response.writeHead(200, { 'Content-Type': MEDIA_TYPES.manifest, 'Docker-Content-Digest': sha256Digest(manifest) }).end(manifest);
    }
    if (url.pathname === `/v2/app/blobs/${sha256Digest(config)}`) return void response.writeHead(200).end(config);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  root = mkdtempSync(join(tmpdir(), 'berth-auth-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  tokenRequests = [];
});

describe('bearer token auth', () => {
  it('fetches a token from the realm with basic credentials, once per scope, and retries the request', async () => {
    const client = new RegistryClient(host, { credentials });
    await client.ping();
    const first = await client.getManifest('app', '1');
    await client.getManifest('app', '1');
    expect(first.digest).toBe(sha256Digest(manifest));
    expect(tokenRequests.map((params) => [params.get('service'), params.getAll('scope')])).toEqual([
      ['fake-registry', []],
      ['fake-registry', ['repository:app:pull']],
    ]);
  });

  it('pulls an image through token auth', async () => {
    const store = new ImageStore(join(root, 'store'));
    const pulled = await pullImage(store, `${host}/app:1`, { credentials });
    expect(pulled.manifest.digest).toBe(sha256Digest(manifest));
    // Config and manifest both in one scope: a single token serves the whole pull.
    expect(tokenRequests).toHaveLength(1);
  });

  it('fails with REGISTRY_AUTH_FAILED when the realm refuses the credentials', async () => {
    const client = new RegistryClient(host, { credentials: { ...credentials, password: 'wrong' }, retries: 0 });
    await expect(client.getManifest('app', '1')).rejects.toMatchObject({ code: 'REGISTRY_AUTH_FAILED', message: expect.stringContaining('refused robot') });
    const anonymous = new RegistryClient(host, { retries: 0 });
    await expect(anonymous.getManifest('app', '1')).rejects.toMatchObject({ code: 'REGISTRY_AUTH_FAILED', message: expect.stringContaining('anonymous') });
  });
});
