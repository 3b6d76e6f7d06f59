import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainFetch } from './plain-fetch.js';

describe('plainFetch (a real loopback server)', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; body: string; headers: Record<string, unknown> }[] = [];
  const eventsClosed: (() => void)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, body, headers: req.headers });
        if (req.url === '/events') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: one\n\n');
          res.on('close', () => eventsClosed.shift()?.());
          return;
        }
        if (req.url === '/missing') {
          res.writeHead(404, 'Not Found', { 'content-type': 'application/problem+json' }).end('{"code":"NOPE"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ echo: body, url: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends method, headers and a JSON body, and answers what fetch would', async () => {
    const response = await plainFetch(`${base}/things?a=1`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: 'Bearer t' },
      body: '{"x":"é"}',
    });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ echo: '{"x":"é"}', url: '/things?a=1' });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', headers: { authorization: 'Bearer t', 'content-length': '10' } });
  });

  it('passes a failure status through with its text', async () => {
    const response = await plainFetch(`${base}/missing`, { headers: { accept: 'application/json' } });
    expect([response.ok, response.status, response.statusText]).toEqual([false, 404, 'Not Found']);
    expect(await response.text()).toBe('{"code":"NOPE"}');
  });

  it('rejects with the connection error when nothing listens', async () => {
    await expect(plainFetch('http://127.0.0.1:1/', { headers: { accept: 'application/json' } })).rejects.toThrow(/ECONNREFUSED 127\.0\.0\.1:1/);
  });

  it('streams an event stream as it arrives, and closes the connection when the reader cancels', async () => {
    const response = await plainFetch(`${base}/events`, { headers: { accept: 'text/event-stream' } });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    const reader = response.body!.getReader();
    // The first event is read while the server still holds the connection open.
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n');
    const closed = new Promise<void>((resolve) => eventsClosed.push(resolve));
    await reader.cancel();
    await closed;
  });

  it('reads a streamed request that failed as text', async () => {
    const response = await plainFetch(`${base}/missing`, { headers: { accept: 'text/event-stream' } });
    expect([response.ok, response.status]).toEqual([false, 404]);
    expect(await response.text()).toBe('{"code":"NOPE"}');
  });

  it('leaves other requests (https, archives) to the global fetch', async () => {
    const response = await plainFetch(`${base}/archive`, { headers: { accept: 'application/x-tar' } });
    expect(response.constructor.name).toBe('Response');
    await response.body?.cancel();
  });
});
