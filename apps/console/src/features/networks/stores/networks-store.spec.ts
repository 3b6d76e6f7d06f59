import type { NetworkSummary } from '@berth/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useNetworksStore } from './networks-store';

const network = (name: string, subnet = '10.90.1.0/24'): NetworkSummary => ({
  id: `id-${name}`,
  name,
  driver: 'bridge',
  bridge: 'berth-0000aaaa',
  subnet,
  gateway: subnet.replace(/0\/24$/, '1'),
  internal: false,
  labels: {},
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('networks store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('lists and creates networks', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/networks': pageResponse([network('bridge')]),
      'POST /api/v1/networks': jsonResponse(network('backend', '10.90.2.0/24'), 201),
    });
    const store = useNetworksStore();

    await store.load();
    await store.create({ name: 'backend', internal: true });

    expect(store.items.map((item) => item.name)).toEqual(['bridge', 'backend']);
    expect(JSON.parse(String(fetchMock.mock.calls[1]![1]!.body))).toEqual({ name: 'backend', internal: true });
  });

  it('rolls a refused remove back', async () => {
    stubFetch({
      'GET /api/v1/networks': pageResponse([network('backend')]),
      'DELETE /api/v1/networks/backend': problemResponse(409, 'NETWORK_IN_USE', 'web is on backend'),
    });
    const store = useNetworksStore();
    await store.load();

    await expect(store.remove('backend')).resolves.toBe(false);

    expect(store.items.map((item) => item.name)).toEqual(['backend']);
    expect(store.actionErrors['backend']?.code).toBe('NETWORK_IN_USE');
  });

  it('keeps the problem of a failed list', async () => {
    stubFetch({ 'GET /api/v1/networks': problemResponse(503, 'DATABASE_UNAVAILABLE', 'try again shortly') });
    const store = useNetworksStore();

    await store.load();

    expect(store.error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    expect(store.loaded).toBe(true);
  });
});
