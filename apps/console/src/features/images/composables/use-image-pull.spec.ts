import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pageResponse, problemResponse, sseResponse, stubFetch } from '../../../testing/fetch-stub';
import { sampleImage } from '../../../testing/samples';
import { useImagePull } from './use-image-pull';

describe('useImagePull', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('tracks each layer as its progress arrives and reloads the images when done', async () => {
    const done = { ...sampleImage(), reference: 'docker.io/library/alpine:3', registryDigest: 'sha256:e' };
    const fetchMock = stubFetch({
      'POST /api/v1/images/pull': sseResponse([
        { event: 'progress', data: { digest: 'sha256:l1', bytes: 0, total: 100, done: false } },
        { event: 'progress', data: { digest: 'sha256:l2', bytes: 50, total: 50, done: true, skipped: true } },
        { event: 'progress', data: { digest: 'sha256:l1', bytes: 100, total: 100, done: true } },
        { event: 'done', data: done },
      ]),
      'GET /api/v1/images': pageResponse([sampleImage()]),
    });
    const pull = useImagePull();

    const result = await pull.pull(' alpine:3 ');

    expect(result?.reference).toBe('docker.io/library/alpine:3');
    expect(pull.layers.value.map((layer) => [layer.digest, layer.bytes, layer.done])).toEqual([
      ['sha256:l1', 100, true],
      ['sha256:l2', 50, true],
    ]);
    expect(pull.totals.value).toEqual({ bytes: 150, total: 150, done: 2, count: 2 });
    expect(pull.pulling.value).toBe(false);
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1]!.body))).toEqual({ reference: 'alpine:3' });
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });

  it('shows the problem the stream ends with', async () => {
    stubFetch({
      'POST /api/v1/images/pull': sseResponse([
        { event: 'error', data: { type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'REGISTRY_UNREACHABLE', detail: 'no route to registry' } },
      ]),
    });
    const pull = useImagePull();

    await expect(pull.pull('alpine')).resolves.toBeUndefined();

    expect(pull.error.value).toMatchObject({ code: 'REGISTRY_UNREACHABLE', detail: 'no route to registry' });
  });

  it('shows a refusal before the stream begins', async () => {
    stubFetch({ 'POST /api/v1/images/pull': problemResponse(400, 'INVALID_REFERENCE', 'not a reference') });
    const pull = useImagePull();

    await pull.pull('UPPER');

    expect(pull.error.value?.code).toBe('INVALID_REFERENCE');
  });
});
