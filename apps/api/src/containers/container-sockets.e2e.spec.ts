import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addMember, signIn, tokenWithRole } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/** Interactive exec and attach over a real WebSocket to the listening API (real containers, root). */
let subject: TestApp;
let base: string;
beforeAll(async () => {
  subject = await startTestApp();
  await subject.app.listen(0, '127.0.0.1');
  base = `ws://127.0.0.1:${(subject.app.getHttpServer().address() as AddressInfo).port}/api/v1/containers`;
});
afterAll(async () => {
  await subject?.close();
});

interface Client {
  ws: WebSocket;
  output: () => string;
  closed: Promise<{ exit?: number; code: number }>;
}

function connect(url: string, headers: Record<string, string> = { authorization: `Bearer ${subject.adminToken}` }): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    let output = '';
    let exit: number | undefined;
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) output += data.subarray(1).toString();
      else exit = (JSON.parse(data.toString()) as { exitCode: number }).exitCode;
    });
    const closed = new Promise<{ exit?: number; code: number }>((done) => ws.on('close', (code) => done({ exit, code })));
    ws.on('open', () => resolve({ ws, output: () => output, closed }));
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => reject(Object.assign(new Error(`refused ${response.statusCode}`), { status: response.statusCode, body: JSON.parse(body) })));
    });
    ws.on('error', reject);
  });
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('exec and attach over WebSocket', () => {
  it('runs an interactive shell on a pty, resizes it, and reports its exit code', { timeout: 30_000 }, async () => {
    const http = subject.http();
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'ws', cmd: ['sleep', '60'] })
      .expect(201);
    await http.post('/api/v1/containers/ws/start').expect(200);

    const client = await connect(`${base}/ws/exec/ws?cmd=sh&tty=true&rows=24&cols=80`);
    client.ws.send(Buffer.from('stty size\n'));
    await until(() => client.output().includes('24 80'));
    client.ws.send(JSON.stringify({ type: 'resize', rows: 50, cols: 132 }));
    client.ws.send(Buffer.from('stty size; exit 3\n'));
    expect(await client.closed).toEqual({ exit: 3, code: 1000 });
    expect(client.output()).toContain('50 132');
  });

  it('attaches to the main process: its output, our input', { timeout: 30_000 }, async () => {
    const http = subject.http();
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'echoer', cmd: ['sh', '-c', 'read line; echo got $line'], openStdin: true })
      .expect(201);
    await http.post('/api/v1/containers/echoer/start').expect(200);
    const client = await connect(`${base}/echoer/attach/ws`);
    client.ws.send(Buffer.from('hello\n'));
    expect((await client.closed).code).toBe(1000);
    expect(client.output()).toBe('got hello\n');
  });

  it('refuses before the upgrade: unknown container 404, a stopped one 409, no command 400', async () => {
    const http = subject.http();
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'idle', cmd: ['true'] })
      .expect(201);
    await expect(connect(`${base}/nosuch/exec/ws?cmd=sh`)).rejects.toMatchObject({ status: 404, body: { code: 'CONTAINER_NOT_FOUND' } });
    await expect(connect(`${base}/idle/exec/ws?cmd=sh`)).rejects.toMatchObject({ status: 409, body: { code: 'CONTAINER_NOT_RUNNING' } });
    await expect(connect(`${base}/idle/exec/ws`)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });
  it('checks credentials and role before the upgrade, and a cookie only from our own origin', async () => {
    const http = subject.http();
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'guarded', cmd: ['sleep', '60'], network: 'none' })
      .expect(201);
    await http.post('/api/v1/containers/guarded/start').expect(200);
    const url = `${base}/guarded/exec/ws?cmd=true`;
    await expect(connect(url, {})).rejects.toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const viewer = await tokenWithRole(subject, 'viewer');
    await expect(connect(url, { authorization: `Bearer ${viewer}` })).rejects.toMatchObject({ status: 403, body: { code: 'ROLE_REQUIRED' } });

    const member = await addMember(subject, 'operator');
    const session = await signIn(subject, member.username, member.password);
    const cookie = session.cookies.map((c) => c.split(';')[0]).join('; ');
    const host = new URL(base).host;
    await expect(connect(url, { cookie, origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403, body: { code: 'CROSS_ORIGIN_SOCKET' } });
    const client = await connect(url, { cookie, origin: `http://${host}` });
    expect((await client.closed).exit).toBe(0);
    await http.delete('/api/v1/containers/guarded?force=true').expect(204);
  });

  it("refuses an operator's terminal or attach into a container that holds host access (an admin's privileged one)", { timeout: 30_000 }, async () => {
    const http = subject.http();
    await http
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'rooted', privileged: true, cmd: ['sleep', '60'] })
      .expect(201);
    await http.post('/api/v1/containers/rooted/start').expect(200);
    const operator = { authorization: `Bearer ${await tokenWithRole(subject, 'operator')}` };
    for (const path of ['exec/ws?cmd=sh', 'attach/ws']) {
      await expect(connect(`${base}/rooted/${path}`, operator)).rejects.toMatchObject({
        status: 403,
        body: { code: 'HOST_ACCESS_DENIED', field: 'container' },
      });
    }
    const admin = await connect(`${base}/rooted/exec/ws?cmd=true`);
    expect((await admin.closed).exit).toBe(0);
    await http.delete('/api/v1/containers/rooted?force=true').expect(204);
  });
});
