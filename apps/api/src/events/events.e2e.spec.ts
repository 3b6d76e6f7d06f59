import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthEvent } from '@berth/contracts';
import { openSse, type SseConnection } from '../../test/sse-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
import { EventsFeedService } from './events-feed.service.js';
import type { NewEvent } from './events.repository.js';
import { EventsService } from './events.service.js';

let subject: TestApp;
let teamId: string;
let otherTeamId: string;
let port: number;
const http = () => subject.http();

beforeAll(async () => {
  subject = await startTestApp();
  teamId = (await subject.app.get(DefaultTeamService).ensure()).id;
  otherTeamId = (await subject.db.prisma.team.create({ data: { name: 'other' } })).id;
  await subject.app.listen(0, '127.0.0.1');
  port = (subject.app.getHttpServer().address() as AddressInfo).port;
});
afterAll(async () => {
  await subject?.close();
});

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Records through the app's own service, as the features do, and waits until it is written. */
async function record(event: Omit<NewEvent, 'teamId'> & { teamId?: string | null }): Promise<void> {
  const events = subject.app.get(EventsService);
  await events.record({ teamId, ...event });
  await events.drain();
}

async function query(params: Record<string, string>): Promise<BerthEvent[]> {
  const response = await http().get('/api/v1/events').query(params).expect(200);
  expect(response.headers['content-type']).toContain('application/json');
  return response.body;
}

async function idOf(actorId: string, action: string): Promise<string> {
  const row = await subject.db.prisma.event.findFirstOrThrow({ where: { actorId, action }, orderBy: { id: 'desc' } });
  return row.id.toString();
}

describe('GET /api/v1/events as JSON', () => {
  // A day of its own in the past, so these events are apart from every other test's.
  const day = { since: '2001-01-01T00:00:00Z', until: '2001-01-01T23:59:59Z' };
  const at = (second: number) => new Date(Date.UTC(2001, 0, 1, 0, 0, second));
  const containerId = `c0ffee${randomBytes(29).toString('hex')}`;

  beforeAll(async () => {
    await record({ type: 'container', action: 'create', actorId: containerId, attributes: { name: 'web', image: 'busybox:latest' }, at: at(1) });
    await record({ type: 'container', action: 'start', actorId: containerId, attributes: { name: 'web', image: 'busybox:latest' }, at: at(2) });
    await record({ type: 'image', action: 'pull', actorId: 'sha256:abc', attributes: { name: 'busybox:latest' }, at: at(3) });
    await record({ type: 'volume', action: 'create', actorId: 'data', attributes: { driver: 'local' }, at: at(4) });
    await record({ type: 'image', action: 'pull', actorId: 'sha256:def', attributes: { name: 'alpine:3' }, at: at(5) });
    await record({ teamId: otherTeamId, type: 'container', action: 'start', actorId: 'theirs', at: at(6) });
  });

  it("answers the caller's team's events in the window, oldest first", async () => {
    const events = await query(day);
    expect(events.map((event) => `${event.type}:${event.action}:${event.actorId}`)).toEqual([
      `container:create:${containerId}`,
      `container:start:${containerId}`,
      'image:pull:sha256:abc',
      'volume:create:data',
      'image:pull:sha256:def',
    ]);
    expect(events[0]).toEqual({
      id: expect.any(String),
      type: 'container',
      action: 'create',
      actorId: containerId,
      attributes: { name: 'web', image: 'busybox:latest' },
      at: at(1).toISOString(),
    });
    expect(BigInt(events[1]!.id)).toBeGreaterThan(BigInt(events[0]!.id));
  });

  it.each([
    [{ type: ['container'] }, ['create', 'start']],
    [{ event: ['start'] }, ['start']],
    [{ type: ['container', 'volume'], event: ['create'] }, ['create', 'create']],
    [{ container: ['c0ffee'] }, ['create', 'start']],
    [{ container: ['web'], event: ['start'] }, ['start']],
    [{ image: ['busybox:latest'] }, ['create', 'start', 'pull']],
    [{ image: ['sha256:def'] }, ['pull']],
    [{ volume: ['data'] }, ['create']],
    [{ type: { volume: true } }, ['create']],
    [{ type: [] }, ['create', 'start', 'pull', 'create', 'pull']],
  ])('filters %j', async (filters, actions) => {
    const events = await query({ ...day, filters: JSON.stringify(filters) });
    expect(events.map((event) => event.action)).toEqual(actions);
  });

  it('takes since and until as unix seconds too', async () => {
    const rfc = await query({ since: '2001-01-01T00:00:02Z', until: '2001-01-01T00:00:04Z' });
    expect(rfc.map((event) => event.action)).toEqual(['start', 'pull', 'create']);
    expect(await query({ since: '978307202', until: '978307204.000' })).toEqual(rfc);
    expect(await query({ since: '2001-01-01T01:00:02+01:00', until: '978307204' })).toEqual(rfc);
  });

  it('keeps the newest events within the limit', async () => {
    const events = await query({ ...day, limit: '2' });
    expect(events.map((event) => event.actorId)).toEqual(['data', 'sha256:def']);
  });

  it.each([
    [{ filters: 'type=container' }, 'INVALID_EVENT_FILTERS'],
    [{ filters: '{"colour":["red"]}' }, 'INVALID_EVENT_FILTERS'],
    [{ filters: '{"type":["planet"]}' }, 'INVALID_EVENT_FILTERS'],
    [{ filters: '{"type":"container"}' }, 'INVALID_EVENT_FILTERS'],
    [{ filters: '["container"]' }, 'INVALID_EVENT_FILTERS'],
    [{ since: 'yesterday' }, 'INVALID_EVENT_TIME'],
    [{ until: '2001-01-01' }, 'INVALID_EVENT_TIME'],
    [{ since: '978307300', until: '978307200' }, 'INVALID_EVENT_TIME'],
    [{ limit: '0' }, 'VALIDATION_FAILED'],
    [{ limit: '100001' }, 'VALIDATION_FAILED'],
    [{ limit: 'many' }, 'VALIDATION_FAILED'],
    [{ follow: 'perhaps' }, 'VALIDATION_FAILED'],
  ])('refuses %j with 400 %s', async (params, code) => {
    const response = await http().get('/api/v1/events').query(params).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe(code);
  });

  it('refuses a Last-Event-ID that is no event id', async () => {
    for (const id of ['abc', '-1', '9999999999999999999']) {
      const response = await http().get('/api/v1/events').set('Accept', 'text/event-stream').set('Last-Event-ID', id).expect(400);
      expect(response.body.code).toBe('INVALID_LAST_EVENT_ID');
    }
  });
});

describe('GET /api/v1/events as a stream', () => {
  const open: SseConnection[] = [];
  const connect = async (path: string, headers: Record<string, string> = {}) => {
    const connection = await openSse(port, path, { authorization: `Bearer ${subject.adminToken}`, ...headers });
    open.push(connection);
    return connection;
  };
  afterAll(() => open.forEach((connection) => connection.close()));

  const volumeFilter = (name: string) => encodeURIComponent(JSON.stringify({ volume: [name] }));
  const parse = (data: string) => JSON.parse(data) as BerthEvent;

  it('delivers live events of the team that match, as SSE messages', async () => {
    const name = unique('live');
    const stream = await connect(`/api/v1/events?filters=${volumeFilter(name)}`);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toContain('text/event-stream');

    await record({ teamId: otherTeamId, type: 'volume', action: 'create', actorId: name });
    await record({ type: 'container', action: 'create', actorId: name });
    await record({ type: 'volume', action: 'create', actorId: name, attributes: { driver: 'local' } });

    const message = await stream.next((candidate) => candidate.event === 'volume');
    const id = await idOf(name, 'create');
    expect(message.id).toBe(id);
    expect(parse(message.data)).toEqual({ id, type: 'volume', action: 'create', actorId: name, attributes: { driver: 'local' }, at: expect.any(String) });
    expect(stream.messages).toHaveLength(1);
  });

  it('replays past events after since, then goes live, and resumes after Last-Event-ID', async () => {
    const name = unique('resume');
    const since = new Date(Date.now() - 1000).toISOString();
    const path = `/api/v1/events?since=${encodeURIComponent(since)}&filters=${volumeFilter(name)}`;
    await record({ type: 'volume', action: 'create', actorId: name });
    await record({ type: 'volume', action: 'mount', actorId: name });

    const first = await connect(path);
    await first.next((message) => parse(message.data).action === 'mount');
    await record({ type: 'volume', action: 'unmount', actorId: name });
    const live = await first.next((message) => parse(message.data).action === 'unmount');
    expect(first.messages.map((message) => parse(message.data).action)).toEqual(['create', 'mount', 'unmount']);
    first.close();

    await record({ type: 'volume', action: 'mount', actorId: name, attributes: { again: true } });
    await record({ type: 'volume', action: 'destroy', actorId: name });
    const second = await connect(path, { 'Last-Event-ID': live.id! });
    await second.next((message) => parse(message.data).action === 'destroy');
    await record({ type: 'volume', action: 'create', actorId: name, attributes: { again: true } });
    await second.next((message) => parse(message.data).action === 'create');
    expect(second.messages.map((message) => parse(message.data).action)).toEqual(['mount', 'destroy', 'create']);
    const ids = second.messages.map((message) => BigInt(message.id!));
    expect(ids[0]!).toBeGreaterThan(BigInt(live.id!));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
  });

  it('streams with follow=true whatever the Accept header says', async () => {
    const name = unique('follow');
    const stream = await connect(`/api/v1/events?follow=true&filters=${volumeFilter(name)}`, { Accept: 'application/json' });
    expect(stream.response.headers['content-type']).toContain('text/event-stream');
    await record({ type: 'volume', action: 'create', actorId: name });
    await stream.next((message) => message.event === 'volume');
  });

  it('bounds the replay and says so', async () => {
    const name = unique('many');
    for (let index = 0; index < 5; index++) await record({ type: 'volume', action: `step${index}`, actorId: name });
    const stream = await connect(`/api/v1/events?since=0&limit=2&filters=${volumeFilter(name)}`);
    await stream.next((message) => message.event === 'volume' && parse(message.data).action === 'step4');
    const [notice, ...events] = stream.messages;
    expect(notice!.event).toBe('truncated');
    expect(JSON.parse(notice!.data)).toEqual({ limit: 2, firstId: await idOf(name, 'step3') });
    expect(events.map((message) => parse(message.data).action)).toEqual(['step3', 'step4']);
  });

  it('ends after the replay when until has passed, and at until when it has not', async () => {
    const name = unique('until');
    const endsWithin = (stream: SseConnection, ms: number) =>
      Promise.race([stream.ended, new Promise((_, fail) => setTimeout(() => fail(new Error(`the stream did not end within ${ms} ms`)), ms))]);
    await record({ type: 'volume', action: 'create', actorId: name });
    const past = await connect(`/api/v1/events?since=0&until=${(Date.now() / 1000).toFixed(3)}&filters=${volumeFilter(name)}`);
    await endsWithin(past, 1000);
    expect(past.messages.map((message) => parse(message.data).action)).toEqual(['create']);

    const started = Date.now();
    const future = await connect(`/api/v1/events?since=0&until=${((Date.now() + 700) / 1000).toFixed(3)}&filters=${volumeFilter(name)}`);
    await record({ type: 'volume', action: 'destroy', actorId: name });
    await endsWithin(future, 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(future.messages.map((message) => parse(message.data).action)).toEqual(['create', 'destroy']);
  });

  it('lets go of a stream when the client goes away', async () => {
    const feed = subject.app.get(EventsFeedService);
    const before = feed.openStreams;
    const stream = await connect(`/api/v1/events?filters=${volumeFilter(unique('gone'))}`);
    expect(feed.openStreams).toBe(before + 1);
    stream.close();
    const deadline = Date.now() + 5000;
    while (feed.openStreams > before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(feed.openStreams).toBe(before);
  });
});

describe('shutting down with streams open', () => {
  it('ends them, so the server closes', async () => {
    const own = await startTestApp();
    await own.app.listen(0, '127.0.0.1');
    const stream = await openSse((own.app.getHttpServer().address() as AddressInfo).port, '/api/v1/events', { authorization: `Bearer ${own.adminToken}` });
    const closed = own.close();
    await Promise.race([stream.ended, new Promise((_, fail) => setTimeout(() => fail(new Error('the stream outlived the server')), 10_000))]);
    await closed;
  });
});
