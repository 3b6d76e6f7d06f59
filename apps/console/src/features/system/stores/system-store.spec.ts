import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, sampleReadiness, sampleSystemInfo, stubFetch } from '../../../testing/fetch-stub';
import { useSystemStore } from './system-store';

describe('system store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('loads readiness and host facts', async () => {
    stubFetch({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) });
    const store = useSystemStore();

    const loading = store.load();
    expect(store.loading).toBe(true);
    await loading;

    expect(store.loading).toBe(false);
    expect(store.error).toBeNull();
    expect(store.readiness).toEqual(sampleReadiness);
    expect(store.info).toEqual(sampleSystemInfo);
    expect(store.ready).toBe(true);
    expect(store.loadedAt).toBeInstanceOf(Date);
  });

  it('keeps a 503 not-ready answer as data, not as an error', async () => {
    const notReady = { status: 'not-ready', checks: [{ name: 'database', ok: false, detail: 'connection refused' }] };
    stubFetch({ '/readyz': jsonResponse(notReady, 503), '/api/v1/system/info': jsonResponse(sampleSystemInfo) });
    const store = useSystemStore();

    await store.load();

    expect(store.error).toBeNull();
    expect(store.readiness).toEqual(notReady);
    expect(store.ready).toBe(false);
  });

  it('records a problem and keeps the part that did load', async () => {
    stubFetch({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': problemResponse(500, 'HOST_PROBE_FAILED', 'cannot read /proc/meminfo') });
    const store = useSystemStore();

    await store.load();

    expect(store.error).toMatchObject({ code: 'HOST_PROBE_FAILED', status: 500, detail: 'cannot read /proc/meminfo' });
    expect(store.readiness).toEqual(sampleReadiness);
    expect(store.info).toBeNull();
    expect(store.loading).toBe(false);
  });

  it('clears data and records NETWORK when the API is unreachable', async () => {
    const answers = { '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) };
    stubFetch(answers);
    const store = useSystemStore();
    await store.load();

    stubFetch({ '/readyz': new TypeError('Failed to fetch'), '/api/v1/system/info': new TypeError('Failed to fetch') });
    await store.load();

    expect(store.error?.code).toBe('UNREACHABLE');
    expect(store.readiness).toBeNull();
    expect(store.info).toBeNull();
  });

  it('clears a previous error once a refresh succeeds', async () => {
    stubFetch({ '/readyz': new TypeError('Failed to fetch'), '/api/v1/system/info': new TypeError('Failed to fetch') });
    const store = useSystemStore();
    await store.load();
    expect(store.error).not.toBeNull();

    stubFetch({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) });
    await store.load();

    expect(store.error).toBeNull();
    expect(store.info?.hostname).toBe('dock-01');
  });

  it('lets the newest refresh win when an older answer arrives late', async () => {
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    const oldInfo = { ...sampleSystemInfo, hostname: 'old-answer' };
    let calls = 0;
    stubFetch({
      '/readyz': () => jsonResponse(sampleReadiness),
      '/api/v1/system/info': async () => {
        calls += 1;
        if (calls === 1) {
          await slowGate;
          return jsonResponse(oldInfo);
        }
        return jsonResponse(sampleSystemInfo);
      },
    });
    const store = useSystemStore();

    const first = store.load();
    await store.load();
    releaseSlow();
    await first;

    expect(store.info?.hostname).toBe('dock-01');
    expect(store.loading).toBe(false);
  });
});
