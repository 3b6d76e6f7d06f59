import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../../test/sse-client.js';
import { SseSink } from './sse-sink.js';

/** The SSE transport on a real HTTP server, with a short heartbeat so the test need not wait 15 s. */
let server: ReturnType<ReturnType<typeof express>['listen']>;
let port: number;
const sinks: SseSink[] = [];
const closed: string[] = [];

beforeAll(async () => {
  const app = express();
  app.get('/stream/:name', (request, response) => {
    const sink = new SseSink(response, { heartbeatMs: 50, maxBufferedBytes: 64 * 1024 });
    sink.onClose(() => closed.push(request.params.name));
    sinks.push(sink);
  });
  await new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve())));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const sink of sinks) sink.end();
  await new Promise((resolve) => server.close(resolve));
});

const event = (id: number) => ({ id: String(id), type: 'volume' as const, action: 'create', actorId: 'data', attributes: {}, at: new Date(0).toISOString() });

describe('SseSink', () => {
  it('sends events with id, event and data, heartbeats as comments, and a reason when it ends', async () => {
    const stream = await openSse(port, '/stream/a');
    expect(stream.response.headers['cache-control']).toContain('no-cache');
    const sink = sinks.at(-1)!;
    await sink.send(event(7));
    sink.notice('truncated', { limit: 1 });
    expect(await stream.next((message) => message.id === '7')).toEqual({ id: '7', event: 'volume', data: JSON.stringify(event(7)) });
    await stream.next((message) => message.event === 'truncated');
    const deadline = Date.now() + 2000;
    while (!stream.comments.includes('heartbeat') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stream.comments).toContain('heartbeat');
    sink.end('bye now');
    await stream.ended;
    expect(stream.comments).toContain('bye now');
    expect(sink.closed).toBe(true);
    expect(closed).toContain('a');
  });

  it('tells its listeners when the client goes away', async () => {
    const stream = await openSse(port, '/stream/b');
    const sink = sinks.at(-1)!;
    stream.close();
    const deadline = Date.now() + 2000;
    while (!sink.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.closed).toBe(true);
    expect(closed).toContain('b');
  });

  it('cuts off a client that stops reading', async () => {
    const stream = await openSse(port, '/stream/c');
    stream.response.pause();
    const sink = sinks.at(-1)!;
    const big = { ...event(1), attributes: { blob: 'x'.repeat(16 * 1024) } };
    const deadline = Date.now() + 10_000;
    // Live events are sent without waiting, as the feed does; the buffer bound ends the stream.
    while (!sink.closed && Date.now() < deadline) {
      void sink.send(big);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sink.closed).toBe(true);
    expect(closed).toContain('c');
    stream.close();
  });
});
