import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pageResponse, sseResponse, stubFetch } from '../../../testing/fetch-stub';
import { useImageBuild } from './use-image-build';

describe('useImageBuild', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('shows each step and line of output as the build runs, then its result', async () => {
    const fetchMock = stubFetch({
      'POST /api/v1/images/build': sseResponse([
        { event: 'step', data: { number: 1, total: 2, stage: '0', instruction: 'FROM busybox' } },
        { event: 'log', data: { line: '#1/2 FROM busybox' } },
        { event: 'step', data: { number: 2, total: 2, stage: '0', instruction: 'RUN echo built' } },
        { event: 'log', data: { line: 'built\n' } },
        { event: 'done', data: { id: 'sha256:f', reference: 'app:1', steps: [], cacheHits: 0, runs: 1 } },
      ]),
      'GET /api/v1/images': pageResponse([]),
    });
    const build = useImageBuild();

    const result = await build.build(' app:1 ', new Blob(['context']), { dockerfile: ' ' });

    expect(result?.reference).toBe('app:1');
    expect(build.log.value.map((line) => line.text)).toEqual(['#1/2 FROM busybox', 'built']);
    expect(build.step.value).toMatchObject({ number: 2, instruction: 'RUN echo built' });
    const url = new URL(String(fetchMock.mock.calls[0]![0]), 'http://x');
    expect(url.searchParams.get('tag')).toBe('app:1');
    expect(url.searchParams.has('dockerfile')).toBe(false);
  });

  it('keeps the failing step and the problem when a step fails', async () => {
    stubFetch({
      'POST /api/v1/images/build': sseResponse([
        { event: 'step', data: { number: 1, total: 1, stage: '0', instruction: 'RUN false' } },
        { event: 'error', data: { type: 'about:blank', title: 'Bad Request', status: 400, code: 'BUILD_STEP_FAILED', detail: 'RUN false exited with 1' } },
      ]),
    });
    const build = useImageBuild();

    await build.build('app:1', new Blob(['context']));

    expect(build.step.value?.instruction).toBe('RUN false');
    expect(build.error.value).toMatchObject({ code: 'BUILD_STEP_FAILED', detail: 'RUN false exited with 1' });
    expect(build.building.value).toBe(false);
  });
});
