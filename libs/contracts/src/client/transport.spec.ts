import { afterEach, describe, expect, it } from 'vitest';
import { HttpTransport } from './transport.js';

/** Records the headers of each request and answers 204. */
function recordingFetch(seen: Record<string, string>[]): typeof fetch {
  return (async (_input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    seen.push({ ...(init?.headers as Record<string, string>) });
    return new Response(null, { status: 204 });
  }) as typeof fetch;
}

describe('HttpTransport credentials', () => {
  afterEach(() => {
    delete (globalThis as { document?: unknown }).document;
  });

  it('sends the bearer token and no CSRF header when it has a token', async () => {
    const seen: Record<string, string>[] = [];
    (globalThis as { document?: unknown }).document = { cookie: 'berth_csrf=abc' };
    await new HttpTransport({ token: 't0k', fetch: recordingFetch(seen) }).json('POST', '/x');
    expect(seen[0]!['authorization']).toBe('Bearer t0k');
    expect(seen[0]!['x-csrf-token']).toBeUndefined();
  });

  it('echoes the berth_csrf cookie on changes in a page, and not on reads', async () => {
    const seen: Record<string, string>[] = [];
    (globalThis as { document?: unknown }).document = { cookie: 'other=1; berth_csrf=a%2Bb; x=2' };
    const http = new HttpTransport({ fetch: recordingFetch(seen) });
    await http.json('DELETE', '/x');
    await http.json('GET', '/x');
    expect(seen[0]!['x-csrf-token']).toBe('a+b');
    expect(seen[1]!['x-csrf-token']).toBeUndefined();
  });

  it('sends no CSRF header outside a page', async () => {
    const seen: Record<string, string>[] = [];
    await new HttpTransport({ fetch: recordingFetch(seen) }).json('PUT', '/x');
    expect(seen[0]!['x-csrf-token']).toBeUndefined();
  });
});
