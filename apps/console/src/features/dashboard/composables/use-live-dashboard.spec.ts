import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { jsonResponse, pageResponse, liveSse, sampleReadiness, sampleSystemInfo, stubFetch } from '../../../testing/fetch-stub';
import { DASHBOARD_REFRESH_DELAY_MS, useLiveDashboard } from './use-live-dashboard';

const Page = defineComponent({
  setup() {
    const { system } = useLiveDashboard();
    return () => h('p', String(system.info?.containers.total ?? '-'));
  },
});

describe('useLiveDashboard', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('refreshes the counts once after a burst of events', async () => {
    vi.useFakeTimers();
    const live = liveSse();
    let infoLoads = 0;
    stubFetch({
      '/readyz': () => jsonResponse(sampleReadiness),
      '/api/v1/system/info': () => {
        infoLoads += 1;
        return jsonResponse({ ...sampleSystemInfo, containers: { ...sampleSystemInfo.containers, total: infoLoads } });
      },
      '/api/v1/networks': () => pageResponse([]),
      '/api/v1/events': (url) => (url.searchParams.get('follow') ? live.response() : jsonResponse([])),
    });

    const wrapper = mount(Page, { global: { plugins: [createPinia()] } });
    await vi.advanceTimersByTimeAsync(0);
    await flushPromises();
    expect(wrapper.text()).toBe('1');

    for (const id of ['1', '2', '3']) live.send({ id, data: { id, type: 'container', action: 'create', actorId: 'c', attributes: {}, at: '' } });
    await vi.advanceTimersByTimeAsync(DASHBOARD_REFRESH_DELAY_MS + 50);
    await flushPromises();

    expect(infoLoads).toBe(2);
    expect(wrapper.text()).toBe('2');
    wrapper.unmount();
  });
});
