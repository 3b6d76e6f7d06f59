import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { otherTeam, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Two teams on one host (real PostgreSQL, real containers): each sees and touches only its
 * own containers, images, volumes, networks, events and audit records; the other team's
 * answer 404 by id and by name, exactly as if they did not exist.
 */
let subject: TestApp;
let other: ReturnType<typeof withToken>;
let otherToken: string;
let containerId: string;
let networkId: string;

beforeAll(async () => {
  subject = await startTestApp();
  await subject.app.listen(0, '127.0.0.1');
  const team = await otherTeam(subject);
  otherToken = team.adminToken;
  other = withToken(subject, otherToken);
  const http = subject.http();
  containerId = (
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'private', cmd: ['sleep', '60'], network: 'none' })
      .expect(201)
  ).body.id;
  await http.post(`/api/v1/containers/${containerId}/start`).expect(200);
  await http.post('/api/v1/volumes').send({ name: 'secret-data' }).expect(201);
  networkId = (await http.post('/api/v1/networks').send({ name: 'private-net' }).expect(201)).body.id;
  await http.post('/api/v1/images/busybox/tag').send({ reference: 'private/tool:v1' }).expect(201);
}, 60_000);
afterAll(async () => {
  await subject?.close();
});

describe('another team', () => {
  it('cannot read our resources by id or name: 404, as for something that does not exist', async () => {
    for (const path of [
      `/api/v1/containers/${containerId}`,
      '/api/v1/containers/private',
      `/api/v1/containers/${containerId}/logs`,
      `/api/v1/containers/${containerId}/top`,
      '/api/v1/volumes/secret-data',
      `/api/v1/networks/${networkId}`,
      '/api/v1/networks/private-net',
      '/api/v1/images/busybox',
      '/api/v1/images/private/tool:v1',
    ]) {
      const ours = await subject.http().get(path);
      expect(ours.status, `we see ${path}`).toBe(200);
      const theirs = await other.get(path);
      expect(theirs.status, `they must not see ${path}`).toBe(404);
    }
  });

  it('does not see them in lists, events or audit records', async () => {
    const containers = (await other.get('/api/v1/containers').query({ all: true }).expect(200)).body as { items: { id: string }[] };
    expect(containers.items.map((c) => c.id)).not.toContain(containerId);
    expect(((await other.get('/api/v1/volumes').expect(200)).body.items as { name: string }[]).map((v) => v.name)).not.toContain('secret-data');
    expect(((await other.get('/api/v1/networks').expect(200)).body.items as { id: string }[]).map((n) => n.id)).not.toContain(networkId);
    expect(((await other.get('/api/v1/images').expect(200)).body.items as { repoTags: string[] }[]).flatMap((i) => i.repoTags)).toEqual([]);
    const events = (await other.get('/api/v1/events').query({ since: '1970-01-01T00:00:00Z', until: new Date().toISOString() }).expect(200)).text as string;
    expect(events).not.toContain(containerId);
    const audit = (await other.get('/api/v1/audit').expect(200)).body as { items: { target: string | null }[] };
    expect(audit.items.map((item) => item.target)).not.toContain(containerId);
    const ours = (await subject.http().get('/api/v1/audit').query({ target: containerId }).expect(200)).body as { total: number };
    expect(ours.total).toBeGreaterThan(0);
  });

  it('cannot change or remove them, and the attempt changes nothing', async () => {
    for (const [method, path, body] of [
      ['post', `/api/v1/containers/${containerId}/stop`, undefined],
      ['post', `/api/v1/containers/${containerId}/kill`, undefined],
      ['post', `/api/v1/containers/${containerId}/exec`, { cmd: ['true'] }],
      ['post', `/api/v1/containers/${containerId}/rename`, { name: 'stolen' }],
      ['delete', `/api/v1/containers/${containerId}?force=true`, undefined],
      ['delete', '/api/v1/volumes/secret-data', undefined],
      ['delete', `/api/v1/networks/${networkId}`, undefined],
      ['post', `/api/v1/networks/${networkId}/connect`, { container: 'x' }],
      ['delete', '/api/v1/images/private/tool:v1', undefined],
      ['post', '/api/v1/images/busybox/tag', { reference: 'mine:x' }],
    ] as const) {
      const call = other[method](path);
      const response = await (body ? call.send(body) : call);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    // They cannot run our image either: to them it does not exist.
    expect((await other.post('/api/v1/containers').send({ image: 'private/tool:v1' })).status).toBe(404);
    const mine = (await subject.http().get(`/api/v1/containers/${containerId}`).expect(200)).body as { name: string; status: string };
    expect(mine).toMatchObject({ name: 'private', status: 'running' });
    await subject.http().get('/api/v1/volumes/secret-data').expect(200);
    await subject.http().get('/api/v1/images/private/tool:v1').expect(200);
  });

  it('cannot open a terminal in our container', async () => {
    const port = (subject.app.getHttpServer().address() as AddressInfo).port;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/containers/${containerId}/exec/ws?cmd=sh`, {
        headers: { authorization: `Bearer ${otherToken}` },
      });
      ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      ws.on('open', () => {
        ws.close();
        reject(new Error('the other team got a terminal'));
      });
      ws.on('error', reject);
    });
    expect(status).toBe(404);
  });

  it('can use the same names for its own resources', async () => {
    await other.post('/api/v1/volumes').send({ name: 'secret-data' }).expect(201);
    await other.delete('/api/v1/volumes/secret-data').expect(204);
    await subject.http().get('/api/v1/volumes/secret-data').expect(200);
  });
});
