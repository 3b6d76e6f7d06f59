import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { useImageLoad } from './use-image-load';

describe('useImageLoad', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('reports what the archive held', async () => {
    stubFetch({ 'POST /api/v1/images/load': jsonResponse({ loaded: [{ reference: 'app:1', id: 'sha256:a' }] }), 'GET /api/v1/images': pageResponse([]) });
    const upload = useImageLoad();

    const pending = upload.load(new Blob(['tar']));
    expect(upload.loading.value).toBe(true);
    await pending;

    expect(upload.loading.value).toBe(false);
    expect(upload.result.value?.loaded[0]!.reference).toBe('app:1');
  });

  it('keeps the problem of an archive the API refuses', async () => {
    stubFetch({ 'POST /api/v1/images/load': problemResponse(400, 'INVALID_ARCHIVE', 'no manifest.json or index.json in the archive') });
    const upload = useImageLoad();

    await upload.load(new Blob(['not a tar']));

    expect(upload.error.value).toMatchObject({ code: 'INVALID_ARCHIVE', status: 400 });
    expect(upload.result.value).toBeNull();
  });
});
