import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleContainer, sampleContainerDetail } from '../../../testing/samples';
import { jsonResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useContainersStore } from './containers-store';

const web = sampleContainer({ id: '1'.repeat(64), name: 'web', status: 'running' });
const db = sampleContainer({ id: '2'.repeat(64), name: 'db', status: 'stopped' });
const list = () => jsonResponse({ items: [web, db], total: 2 });

describe('containers store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('loads every container and sends the filters as the API takes them', async () => {
    const fetchMock = stubFetch({ '/api/v1/containers': list });
    const store = useContainersStore();

    await store.setFilters({ status: 'running', name: ' we ' });

    const url = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    expect(url.searchParams.get('all')).toBe('true');
    expect(url.searchParams.getAll('status')).toEqual(['running']);
    expect(url.searchParams.get('name')).toBe('we');
    expect(store.items.map((item) => item.name)).toEqual(['web', 'db']);
    expect(store.loaded).toBe(true);
    expect(store.running).toBe(1);
  });

  it('keeps the problem of a failed load', async () => {
    stubFetch({ '/api/v1/containers': problemResponse(500, 'INTERNAL', 'boom') });
    const store = useContainersStore();

    await store.load();

    expect(store.error).toMatchObject({ code: 'INTERNAL', detail: 'boom' });
  });

  it('shows a stop at once and takes the server answer when it succeeds', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    stubFetch({
      '/api/v1/containers': list,
      [`POST /api/v1/containers/${web.id}/stop`]: async () => {
        await gate;
        return jsonResponse(sampleContainerDetail({ ...web, status: 'stopped', exitCode: 143 }));
      },
    });
    const store = useContainersStore();
    await store.load();

    const stopping = store.act(web.id, 'stop');
    expect(store.items[0]!.status).toBe('stopped');
    expect(store.pending[web.id]).toBe('stop');
    release();

    await expect(stopping).resolves.toBe(true);
    expect(store.items[0]).toMatchObject({ status: 'stopped', exitCode: 143 });
    expect(store.pending[web.id]).toBeUndefined();
  });

  it('rolls a failed verb back and keeps its problem', async () => {
    stubFetch({
      '/api/v1/containers': list,
      [`POST /api/v1/containers/${web.id}/pause`]: problemResponse(409, 'CONTAINER_NOT_RUNNING', 'web is stopped'),
    });
    const store = useContainersStore();
    await store.load();

    await expect(store.act(web.id, 'pause')).resolves.toBe(false);

    expect(store.items[0]!.status).toBe('running');
    expect(store.actionErrors[web.id]).toMatchObject({ code: 'CONTAINER_NOT_RUNNING', status: 409 });
  });

  it('puts a removed row back where it was when the remove fails', async () => {
    stubFetch({
      '/api/v1/containers': list,
      [`DELETE /api/v1/containers/${web.id}`]: problemResponse(409, 'CONTAINER_BUSY', 'still starting'),
    });
    const store = useContainersStore();
    await store.load();

    const removing = store.act(web.id, 'remove');
    expect(store.items.map((item) => item.name)).toEqual(['db']);
    await removing;

    expect(store.items.map((item) => item.name)).toEqual(['web', 'db']);
  });

  it('runs a bulk verb on every selected container and reports the ones that failed', async () => {
    const fetchMock = stubFetch({
      '/api/v1/containers': list,
      [`DELETE /api/v1/containers/${web.id}`]: () => new Response(null, { status: 204 }),
      [`DELETE /api/v1/containers/${db.id}`]: problemResponse(404, 'CONTAINER_NOT_FOUND', 'gone'),
    });
    const store = useContainersStore();
    await store.load();

    const failed = await store.actOnMany([web.id, db.id], 'remove');

    expect(failed).toEqual([db.id]);
    expect(store.items.map((item) => item.name)).toEqual(['db']);
    const removeUrl = fetchMock.mock.calls.map((call) => String(call[0])).find((url) => url.includes(web.id));
    expect(removeUrl).toContain('force=true');
  });

  it('reloads the list and the open detail after container events', async () => {
    vi.useFakeTimers();
    let lists = 0;
    stubFetch({
      '/api/v1/containers': () => {
        lists += 1;
        return list();
      },
      [`/api/v1/containers/${web.id}`]: () => jsonResponse(sampleContainerDetail({ ...web, status: 'paused' })),
    });
    const store = useContainersStore();
    await store.inspect(web.id);

    store.applyEvent({ id: '9', type: 'container', action: 'pause', actorId: web.id, attributes: {}, at: '' });
    store.applyEvent({ id: '10', type: 'container', action: 'exec_start', actorId: web.id, attributes: {}, at: '' });
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();

    expect(lists).toBe(1);
    expect(store.details[web.id]!.status).toBe('paused');
  });

  it('creates and starts a container, then lists it', async () => {
    const created = sampleContainerDetail({ ...web, status: 'created' });
    stubFetch({
      'POST /api/v1/containers': (_url, init) => {
        expect(JSON.parse(String(init?.body))).toEqual({ image: 'busybox' });
        return jsonResponse(created, 201);
      },
      [`POST /api/v1/containers/${web.id}/start`]: () => jsonResponse({ ...created, status: 'running' }),
      'GET /api/v1/containers': list,
    });
    const store = useContainersStore();

    const detail = await store.create({ image: 'busybox' }, { start: true });
    await flushPromises();

    expect(detail.status).toBe('running');
    expect(store.items).toHaveLength(2);
  });
});
