import type { BerthEvent } from '@berth/contracts';
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, liveSse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useEventsStore } from './events-store';

function event(id: number, action = 'start'): BerthEvent {
  return { id: String(id), type: 'container', action, actorId: `c${id}`, attributes: { name: `web-${id}` }, at: new Date(0).toISOString() };
}

describe('events store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('loads the recent past, then passes live events to listeners and resumes after the last id', async () => {
    const live = liveSse();
    const fetchMock = stubFetch({
      '/api/v1/events': (url, init) => {
        if (url.searchParams.get('follow') === 'true') {
          expect(new Headers(init?.headers).get('last-event-id')).toBe('2');
          return live.response();
        }
        return jsonResponse([event(1), event(2)]);
      },
    });
    const store = useEventsStore();
    const heard: string[] = [];

    const unsubscribe = store.subscribe((e) => heard.push(e.id));
    await flushPromises();
    live.send({ id: '3', event: 'container', data: event(3, 'die') });
    await vi.waitFor(() => expect(heard).toEqual(['3']));

    expect(store.recent.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(store.newestFirst[0]!.action).toBe('die');
    expect(store.connected).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(2);

    unsubscribe();
    expect(store.connected).toBe(false);
  });

  it('shares one connection among subscribers and closes it with the last one', async () => {
    const live = liveSse();
    const fetchMock = stubFetch({
      '/api/v1/events': (url, init) => {
        if (!url.searchParams.get('follow')) return jsonResponse([]);
        // Nothing has happened yet: everything after the first id is news, none of it is missed.
        expect(new Headers(init?.headers).get('last-event-id')).toBe('0');
        return live.response();
      },
    });
    const store = useEventsStore();

    const first = store.subscribe();
    const second = store.subscribe();
    await flushPromises();
    first();
    expect(store.connected).toBe(true);
    second();

    expect(store.connected).toBe(false);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('records the problem and retries when the stream cannot be opened', async () => {
    vi.useFakeTimers();
    let streams = 0;
    stubFetch({
      '/api/v1/events': (url) => {
        if (!url.searchParams.get('follow')) return jsonResponse([]);
        streams += 1;
        return problemResponse(503, 'DATABASE_UNAVAILABLE', 'the database is not reachable right now');
      },
    });
    const store = useEventsStore();

    const unsubscribe = store.subscribe();
    await vi.waitFor(() => expect(store.error?.code).toBe('DATABASE_UNAVAILABLE'));
    expect(streams).toBe(1);
    await vi.advanceTimersByTimeAsync(600);

    expect(streams).toBe(2);
    unsubscribe();
  });
});
