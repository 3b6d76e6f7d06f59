import type { VolumeSummary } from '@berth/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { signInAs } from '../../../testing/session';
import VolumesView from './VolumesView.vue';

const data: VolumeSummary = {
  name: 'data',
  driver: 'local',
  scope: 'local',
  mountpoint: '/var/lib/berth/volumes/data',
  labels: {},
  createdAt: '2026-01-01T00:00:00Z',
  refCount: 1,
};
let wrapper: VueWrapper | undefined;

describe('VolumesView', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('inspects a volume and shows a refused create with its code', async () => {
    stubFetch({
      'GET /api/v1/volumes': pageResponse([data]),
      'GET /api/v1/volumes/data': jsonResponse({ ...data, containers: [{ id: 'c1', name: 'web', destination: '/data', readOnly: false }] }),
      'POST /api/v1/volumes': problemResponse(409, 'VOLUME_EXISTS', 'a volume named data exists'),
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    signInAs('operator');
    wrapper = mount(VolumesView, { global: { plugins: [pinia] } });
    await flushPromises();

    expect(wrapper.get('[data-test="volume-row-data"]').text()).toContain('1 container(s)');
    await wrapper.get('[data-test="volume-row-data"]').findAll('button')[0]!.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="json"]').text()).toContain('"destination": "/data"');

    await wrapper.get('[data-test="volume-name"]').setValue('data');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('VOLUME_EXISTS');
  });

  it('refuses a name the API would refuse before sending it', async () => {
    const fetchMock = stubFetch({ 'GET /api/v1/volumes': pageResponse([]) });
    const pinia = createPinia();
    setActivePinia(pinia);
    signInAs('operator');
    wrapper = mount(VolumesView, { global: { plugins: [pinia] } });
    await flushPromises();

    await wrapper.get('[data-test="volume-name"]').setValue('../etc');

    expect(wrapper.get('[data-test="volume-create"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('.field-error').text()).toContain('at most 128');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
