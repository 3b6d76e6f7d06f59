import type { VolumeSummary } from '@berth/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useVolumesStore } from './volumes-store';

const volume = (name: string): VolumeSummary => ({
  name,
  driver: 'local',
  scope: 'local',
  mountpoint: `/var/lib/berth/volumes/${name}`,
  labels: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  refCount: 0,
});

describe('volumes store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('lists, creates and inspects volumes', async () => {
    stubFetch({
      'GET /api/v1/volumes': pageResponse([volume('data')]),
      'POST /api/v1/volumes': jsonResponse(volume('cache'), 201),
      'GET /api/v1/volumes/cache': jsonResponse({ ...volume('cache'), containers: [{ id: 'c', name: 'web', destination: '/cache', readOnly: false }] }),
    });
    const store = useVolumesStore();

    await store.load();
    await store.create({ name: 'cache' });
    await store.inspect('cache');

    expect(store.items.map((item) => item.name)).toEqual(['data', 'cache']);
    expect(store.details['cache']!.containers[0]!.name).toBe('web');
  });

  it('puts a volume back when the API refuses to remove it', async () => {
    stubFetch({
      'GET /api/v1/volumes': pageResponse([volume('a'), volume('data'), volume('z')]),
      'DELETE /api/v1/volumes/data': problemResponse(409, 'VOLUME_IN_USE', 'web mounts data'),
    });
    const store = useVolumesStore();
    await store.load();

    const removing = store.remove('data');
    expect(store.items.map((item) => item.name)).toEqual(['a', 'z']);

    await expect(removing).resolves.toBe(false);
    expect(store.items.map((item) => item.name)).toEqual(['a', 'data', 'z']);
    expect(store.actionErrors['data']).toMatchObject({ code: 'VOLUME_IN_USE', detail: 'web mounts data' });
  });

  it('throws a refused create for the form to show', async () => {
    stubFetch({ 'POST /api/v1/volumes': problemResponse(409, 'VOLUME_EXISTS', 'a volume named data exists') });
    const store = useVolumesStore();

    await expect(store.create({ name: 'data' })).rejects.toMatchObject({ code: 'VOLUME_EXISTS' });
    expect(store.items).toEqual([]);
  });
});
