import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSse } from '../../test/sse-client.js';
import { acceptsEventStream, sendSse, SseWriter } from './sse-writer.js';

/** The writer on a real HTTP server: each route hands its response to the test through `responses`. */
let server: ReturnType<ReturnType<typeof express>['listen']>;
let port: number;
const responses = new Map<string, Response>();
const aborted = new Set<string>();

beforeAll(async () => {
  const app = express();
  app.get('/raw/:name', (request, response) => void responses.set(request.params.name, response));
  app.get('/items/:name', (request, response) => {
    const controller = new AbortController();
    controller.signal.addEventListener('abort', () => aborted.add(request.params.name));
    void sendSse(response, controller, items(request.params.name), 'item', (n) => ({ n }));
  });
  await new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve())));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Three items; `fails` throws a coded error after the first; `endless` runs until the client leaves (bounded). */
async function* items(name: string): AsyncGenerator<number> {
  for (let n = 1; n <= (name === 'endless' ? 10_000 : 3); n++) {
    if (name === 'fails' && n === 2) throw Object.assign(new Error('the container went away'), { code: 'CONTAINER_NOT_FOUND' });
    yield n;
    if (name === 'endless') await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function responseFor(name: string): Promise<Response> {
  const deadline = Date.now() + 5000;
  while (!responses.has(name) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  return responses.get(name)!;
}

const big = 'x'.repeat(64 * 1024);

describe('acceptsEventStream', () => {
  it.each([
    ['text/event-stream', true],
    ['application/json, Text/Event-Stream;q=0.9', true],
    ['text/event-stream-x', false],
    ['application/json', false],
    [undefined, false],
  ])('%s → %s', (accept, expected) => {
    expect(acceptsEventStream(accept)).toBe(expected);
  });
});

describe('SseWriter', () => {
  it('sends the stream headers, a first comment, events with ids, heartbeats, and a reason at the end', async () => {
    const opening = openSse(port, '/raw/a');
    const writer = new SseWriter(await responseFor('a'), { heartbeatMs: 20, retryMs: 1500 });
    writer.open();
    const stream = await opening;
    await writer.send('volume', { name: 'data' }, '7');
    expect(await stream.next((message) => message.id === '7')).toEqual({ id: '7', event: 'volume', data: '{"name":"data"}' });
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-cache, no-transform');
    expect(stream.response.headers['x-accel-buffering']).toBe('no');
    const deadline = Date.now() + 2000;
    while (!stream.comments.includes('heartbeat') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stream.comments.slice(0, 2)).toEqual(['connected', 'heartbeat']);
    const closed: string[] = [];
    writer.onClose(() => closed.push('a'));
    writer.end('done\nfor now');
    await stream.ended;
    expect(stream.comments).toContain('done for now');
    expect(closed).toEqual(['a']);
  });

  it('holds an awaited send until the client reads again', async () => {
    const opening = openSse(port, '/raw/b');
    const writer = new SseWriter(await responseFor('b'));
    writer.open();
    const stream = await opening;
    stream.response.pause();
    let pending: Promise<void> | undefined;
    let sent = 0;
    // Fill the socket until a send has to wait for `drain` (bounded: 4 MiB of 64 KiB events).
    for (; sent < 64; sent++) {
      const settled = await Promise.race([
        (pending = writer.send('chunk', big)).then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      if (!settled) break;
    }
    expect(sent).toBeLessThan(64);
    expect(writer.closed).toBe(false);
    stream.response.resume();
    await pending;
    writer.end();
    await stream.ended;
    expect(stream.messages.filter((message) => message.event === 'chunk')).toHaveLength(sent + 1);
  });

  it('cuts off a client that stops reading while sends do not wait, unless unbounded', async () => {
    for (const [name, maxBufferedBytes, cut] of [
      ['c', 256 * 1024, true],
      ['d', Infinity, false],
    ] as const) {
      const opening = openSse(port, `/raw/${name}`);
      const writer = new SseWriter(await responseFor(name), { maxBufferedBytes });
      writer.open();
      const stream = await opening;
      stream.response.pause();
      for (let i = 0; i < 64 && !writer.closed; i++) void writer.send('chunk', big);
      expect(writer.closed).toBe(cut);
      writer.end();
      stream.close();
    }
  });
});

describe('sendSse', () => {
  it('sends each item, then end', async () => {
    const stream = await openSse(port, '/items/three');
    await stream.ended;
    expect(stream.messages.map((message) => `${message.event} ${message.data}`)).toEqual(['item {"n":1}', 'item {"n":2}', 'item {"n":3}', 'end {}']);
  });

  it('turns a failure into an error event with its code', async () => {
    const stream = await openSse(port, '/items/fails');
    await stream.ended;
    expect(stream.messages.map((message) => message.event)).toEqual(['item', 'error']);
    expect(JSON.parse(stream.messages[1]!.data)).toEqual({ code: 'CONTAINER_NOT_FOUND', detail: 'the container went away' });
  });

  it('stops the source when the client goes away', async () => {
    const stream = await openSse(port, '/items/endless');
    await stream.next((message) => message.event === 'item');
    stream.close();
    const deadline = Date.now() + 2000;
    while (!aborted.has('endless') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(aborted.has('endless')).toBe(true);
  });
});
