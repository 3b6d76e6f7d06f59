import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { jsonResponse, liveSse, stubFetch } from '../../../testing/fetch-stub';
import { sampleContainer } from '../../../testing/samples';
import { useLiveContainers } from './use-live-containers';

const Page = defineComponent({
  setup() {
    const { containers } = useLiveContainers(() => void containers.load());
    return () =>
      h(
        'ul',
        containers.items.map((item) => h('li', `${item.name} ${item.status}`)),
      );
  },
});

describe('useLiveContainers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('loads on entry, reloads after container events, and stops listening on leave', async () => {
    const live = liveSse();
    let status: 'running' | 'stopped' = 'running';
    let streams = 0;
    stubFetch({
      '/api/v1/containers': () => jsonResponse({ items: [sampleContainer({ status })], total: 1 }),
      '/api/v1/events': (url) => {
        if (!url.searchParams.get('follow')) return jsonResponse([]);
        streams += 1;
        return live.response();
      },
    });

    const wrapper = mount(Page, { global: { plugins: [createPinia()] } });
    await flushPromises();
    expect(wrapper.text()).toBe('web running');

    status = 'stopped';
    live.send({ id: '5', data: { id: '5', type: 'container', action: 'die', actorId: sampleContainer().id, attributes: {}, at: '' } });
    await vi.waitFor(() => expect(wrapper.text()).toBe('web stopped'), { timeout: 2000 });

    wrapper.unmount();
    expect(streams).toBe(1);
  });
});
