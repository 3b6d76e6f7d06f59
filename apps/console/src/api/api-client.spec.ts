import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, stubFetch } from '../testing/fetch-stub';
import { ApiError, createApiClient } from './api-client';

describe('api client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('returns the parsed JSON of a 2xx answer', async () => {
    stubFetch({ '/api/v1/things': jsonResponse({ name: 'alpha' }) });

    await expect(createApiClient().get<{ name: string }>('/api/v1/things')).resolves.toEqual({ name: 'alpha' });
  });

  it('sends a JSON body with its content type and asks for JSON or problems back', async () => {
    const fetchMock = stubFetch({ '/api/v1/things': jsonResponse({ id: 1 }, 201) });

    await createApiClient().post('/api/v1/things', { name: 'alpha' });

    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/things');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"name":"alpha"}');
    expect(init?.headers).toMatchObject({ 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' });
  });

  it('appends defined query parameters and skips undefined ones', async () => {
    const fetchMock = stubFetch({ '/api/v1/things': jsonResponse([]) });

    await createApiClient().get('/api/v1/things', { query: { all: true, limit: 5, label: undefined } });

    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/things?all=true&limit=5');
  });

  it('resolves to undefined for 204 No Content', async () => {
    stubFetch({ '/api/v1/things/1': () => new Response(null, { status: 204 }) });

    await expect(createApiClient().delete('/api/v1/things/1')).resolves.toBeUndefined();
  });

  it('turns an application/problem+json answer into an ApiError with code, status and detail', async () => {
    stubFetch({ '/api/v1/things/9': problemResponse(404, 'THING_NOT_FOUND', 'no thing with id 9') });

    const error = await createApiClient()
      .get('/api/v1/things/9')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'THING_NOT_FOUND', status: 404, detail: 'no thing with id 9' });
    expect((error as ApiError).problem?.title).toBe('Error');
  });

  it('throws a problem even when its status was accepted', async () => {
    stubFetch({ '/readyz': problemResponse(503, 'SHUTTING_DOWN', 'the API is stopping') });

    await expect(createApiClient().get('/readyz', { acceptStatuses: [503] })).rejects.toMatchObject({ code: 'SHUTTING_DOWN', status: 503 });
  });

  it('returns the JSON body of an accepted non-2xx status', async () => {
    stubFetch({ '/readyz': jsonResponse({ status: 'not-ready', checks: [] }, 503) });

    await expect(createApiClient().get('/readyz', { acceptStatuses: [503] })).resolves.toEqual({ status: 'not-ready', checks: [] });
  });

  it('reports a non-problem error answer as HTTP_ERROR with an excerpt of the body', async () => {
    stubFetch({ '/api/v1/things': () => new Response('upstream timed out', { status: 504, headers: { 'Content-Type': 'text/plain' } }) });

    await expect(createApiClient().get('/api/v1/things')).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      status: 504,
      detail: expect.stringContaining('upstream timed out'),
    });
  });

  it('reports a failed fetch as NETWORK with status 0', async () => {
    stubFetch({ '/api/v1/things': new TypeError('Failed to fetch') });

    const error = await createApiClient()
      .get('/api/v1/things')
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'NETWORK', status: 0 });
    expect((error as ApiError).detail).toContain('Failed to fetch');
  });

  it('lets an abort through untouched, so cancelled requests do not show as failures', async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    stubFetch({ '/api/v1/things': abort });

    await expect(createApiClient().get('/api/v1/things', { signal: controller.signal })).rejects.toBe(abort);
  });

  it('refuses a 2xx answer that is not JSON, such as an HTML fallback page', async () => {
    stubFetch({ '/api/v1/things': () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }) });

    await expect(createApiClient().get('/api/v1/things')).rejects.toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
  });

  it('uses the fetch and base URL it is given instead of the global ones', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse({ ok: true }));

    await createApiClient({ baseUrl: 'http://berth.test', fetch: fetchImpl }).get('/healthz');

    expect(fetchImpl).toHaveBeenCalledWith('http://berth.test/healthz', expect.anything());
  });
});
