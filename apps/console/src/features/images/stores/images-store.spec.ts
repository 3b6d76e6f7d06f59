import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { sampleImage } from '../../../testing/samples';
import { useImagesStore } from './images-store';

const busybox = sampleImage();
const app = sampleImage({ id: 'sha256:' + 'd'.repeat(64), repoTags: ['app:1', 'app:latest'] });

describe('images store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('lists images and every name they go by', async () => {
    stubFetch({ '/api/v1/images': pageResponse([busybox, app]) });
    const store = useImagesStore();

    await store.load();

    expect(store.references).toEqual(['app:1', 'app:latest', 'busybox:latest']);
  });

  it('removes at once and puts the image back when the API refuses', async () => {
    stubFetch({
      'GET /api/v1/images': pageResponse([busybox, app]),
      [`DELETE /api/v1/images/${busybox.id}`]: problemResponse(409, 'IMAGE_IN_USE', 'a container uses busybox'),
    });
    const store = useImagesStore();
    await store.load();

    const removing = store.remove(busybox.id);
    expect(store.items).toEqual([app]);

    await expect(removing).resolves.toBe(false);
    expect(store.items).toEqual([busybox, app]);
    expect(store.actionErrors[busybox.id]).toMatchObject({ code: 'IMAGE_IN_USE' });
  });

  it('tags, then reloads the list', async () => {
    let lists = 0;
    stubFetch({
      'GET /api/v1/images': () => {
        lists += 1;
        return pageResponse([busybox]);
      },
      [`POST /api/v1/images/${busybox.id}/tag`]: (_url, init) => {
        expect(JSON.parse(String(init?.body))).toEqual({ reference: 'mine:1' });
        return jsonResponse({ ...busybox, repoTags: ['busybox:latest', 'mine:1'] });
      },
    });
    const store = useImagesStore();

    await expect(store.tag(busybox.id, 'mine:1')).resolves.toBe(true);
    expect(lists).toBe(1);
  });

  it('uploads an archive as a tar body', async () => {
    const fetchMock = stubFetch({
      'POST /api/v1/images/load': jsonResponse({ loaded: [{ reference: 'app:1', id: app.id }] }),
      'GET /api/v1/images': pageResponse([app]),
    });
    const store = useImagesStore();

    const result = await store.loadArchive(new Blob(['tar bytes']));
    await flushPromises();

    expect(result.loaded[0]!.reference).toBe('app:1');
    const init = fetchMock.mock.calls[0]![1]!;
    expect(new Headers(init.headers).get('content-type')).toBe('application/x-tar');
    expect(store.items).toEqual([app]);
  });
});
