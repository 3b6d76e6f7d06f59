import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from '@berth/images/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWithRole, withToken } from '../../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';

/**
 * Where an operator's pull or push may make the host connect (issue 16): a registry the
 * admins opened with BERTH_REGISTRY_ALLOW works; what that registry then points the client at
 * — a redirect, a token realm, an upload Location — is checked again at connect time, and a
 * loopback, link-local or private target is refused with 403 HOST_ACCESS_DENIED before a
 * single byte reaches it. Real server, real registry, two loopback listeners.
 */
let subject: TestApp;
let registry: LocalRegistry;
let registryDir: string;
/** An allow-listed "registry" that sends the client elsewhere. */
let pointer: Server;
/** Where it sends it: 127.0.0.2, not allow-listed. Counts every request that reaches it. */
let trap: Server;
let trapHits = 0;
let operator: ReturnType<typeof withToken>;

const portOf = (server: Server) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  trap = createServer((request, response) => {
    trapHits++;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"stolen"}');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.2', resolve));
  const elsewhere = `http://127.0.0.2:${portOf(trap)}`;
  pointer = createServer((request, response) => {
    const url = request.url ?? '';
    if (url.startsWith('/v2/redirect/')) return response.writeHead(307, { location: `${elsewhere}/v2/app/manifests/1` }).end();
    if (url.startsWith('/v2/realm/')) return response.writeHead(401, { 'www-authenticate': `Bearer realm="${elsewhere}/token",service="pointer"` }).end();
    if (request.method === 'HEAD' && url.includes('/blobs/')) return response.writeHead(404).end();
    if (request.method === 'POST' && url.endsWith('/blobs/uploads/')) return response.writeHead(202, { location: `${elsewhere}/upload/1` }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => pointer.listen(0, '127.0.0.1', resolve));
  registryDir = mkdtempSync(join(tmpdir(), 'berth-egress-registry-'));
  registry = await startLocalRegistry(registryDir);
  subject = await startTestApp({ BERTH_REGISTRY_ALLOW: `127.0.0.1:${portOf(pointer)}, ${registry.host}` });
  operator = withToken(subject, await tokenWithRole(subject, 'operator'));
}, 60_000);
afterAll(async () => {
  await subject?.close();
  await registry?.stop();
  rmSync(registryDir, { recursive: true, force: true });
  pointer?.close();
  trap?.close();
});

describe('an operator and a registry the admins opened', () => {
  it('pushes to and pulls from it', async () => {
    const target = `${registry.host}/egress/busybox:1`;
    await operator.post('/api/v1/images/busybox:latest/push').send({ target }).expect(200);
    const pulled = await operator.post('/api/v1/images/pull').send({ reference: target }).expect(200);
    expect(pulled.body.reference).toBe(target);
  });

  it('is refused when it redirects the client to a loopback address it did not open', async () => {
    const answer = await operator
      .post('/api/v1/images/pull')
      .send({ reference: `127.0.0.1:${portOf(pointer)}/redirect:1` })
      .expect(403);
    expect(answer.body).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'reference' });
    expect(answer.body.detail).toContain('127.0.0.2');
    expect(trapHits).toBe(0);
  });

  it('is refused when its token realm is such an address (no credentials or request go there)', async () => {
    const answer = await operator
      .post('/api/v1/images/pull')
      .send({ reference: `127.0.0.1:${portOf(pointer)}/realm:1` })
      .expect(403);
    expect(answer.body).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'reference' });
    expect(trapHits).toBe(0);
  });

  it('is refused when its upload Location is such an address', async () => {
    const answer = await operator
      .post('/api/v1/images/busybox:latest/push')
      .send({ target: `127.0.0.1:${portOf(pointer)}/upload:1` })
      .expect(403);
    expect(answer.body).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'target' });
    expect(trapHits).toBe(0);
  });

  it('lets an admin follow the same redirect (admins may reach any address)', async () => {
    const answer = await subject
      .http()
      .post('/api/v1/images/pull')
      .send({ reference: `127.0.0.1:${portOf(pointer)}/redirect:1` });
    expect(answer.status).not.toBe(403);
    expect(trapHits).toBeGreaterThan(0);
  });
});
