import { describe, expect, it } from 'vitest';
import { BerthApiError } from './berth-api-error.js';
import { BenchmarksClient } from './benchmarks-client.js';
import { HttpTransport } from './transport.js';

/** A client whose fetch answers from a table and records what was asked. */
function clientWith(answer: (url: URL, init: RequestInit) => Response) {
  const calls: { method: string; url: URL; body?: string; headers: Headers }[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ method: init.method ?? 'GET', url, body: init.body as string | undefined, headers: new Headers(init.headers) });
    return answer(url, init);
  };
  return { client: new BenchmarksClient(new HttpTransport({ baseUrl: 'http://berth.test', token: 't0k', fetch })), calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('BenchmarksClient', () => {
  it('lists runs with the query, and starts a run with the token and a JSON body', async () => {
    const { client, calls } = clientWith((url) =>
      url.pathname.endsWith('/runs') && url.search ? json({ items: [], total: 0, limit: 5, offset: 10 }) : json({ id: 'j1', state: 'running' }, 202),
    );
    expect(await client.runs({ suite: 'start', limit: 5, offset: 10 })).toMatchObject({ limit: 5, offset: 10 });
    await client.start({ suite: 'overhead', smoke: true });
    expect(calls[0]!.url.pathname + calls[0]!.url.search).toBe('/api/v1/benchmarks/runs?suite=start&limit=5&offset=10');
    expect(calls[1]).toMatchObject({ method: 'POST', body: JSON.stringify({ suite: 'overhead', smoke: true }) });
    expect(calls[1]!.headers.get('authorization')).toBe('Bearer t0k');
  });

  it('reads the report as HTML and a refusal as a BerthApiError with its code', async () => {
    const { client } = clientWith((url) =>
      url.pathname.endsWith('/report')
        ? new Response('<!doctype html><svg></svg>', { headers: { 'content-type': 'text/html' } })
        : new Response(JSON.stringify({ type: 'about:blank', title: 'Conflict', status: 409, code: 'BENCHMARK_RUNNING', detail: 'busy' }), {
            status: 409,
            headers: { 'content-type': 'application/problem+json' },
          }),
    );
    expect(await client.report('r1')).toContain('<svg>');
    const refused = await client.start({ suite: 'start' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BerthApiError);
    expect((refused as BerthApiError).code).toBe('BENCHMARK_RUNNING');
  });

  it('yields progress lines, then the finished job, and stops there', async () => {
    const stream = [
      ': connected\n\n',
      'event: line\ndata: {"line":"bench: crun: measuring"}\n\n',
      'event: done\ndata: {"id":"j1","state":"succeeded","runId":"r1"}\n\n',
      'event: line\ndata: {"line":"never read"}\n\n',
    ].join('');
    const { client } = clientWith(() => new Response(stream, { headers: { 'content-type': 'text/event-stream' } }));
    const events = [];
    for await (const event of client.progress('j1')) events.push(event);
    expect(events).toEqual([
      { kind: 'line', line: 'bench: crun: measuring' },
      { kind: 'done', job: { id: 'j1', state: 'succeeded', runId: 'r1' } },
    ]);
  });
});
