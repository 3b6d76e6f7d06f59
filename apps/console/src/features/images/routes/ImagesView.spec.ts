import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageResponse, problemResponse, stubFetch, type StubAnswer } from '../../../testing/fetch-stub';
import { sampleImage } from '../../../testing/samples';
import { signInAs } from '../../../testing/session';
import ImagesView from './ImagesView.vue';

const busybox = sampleImage();
let wrapper: VueWrapper | undefined;

async function mountAs(role: 'viewer' | 'operator', answers: Record<string, StubAnswer> = {}) {
  stubFetch({ 'GET /api/v1/images': () => pageResponse([busybox]), ...answers });
  const pinia = createPinia();
  setActivePinia(pinia);
  signInAs(role);
  wrapper = mount(ImagesView, { global: { plugins: [pinia] } });
  await flushPromises();
  return wrapper;
}

describe('ImagesView', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('shows a viewer the images and nothing that changes them', async () => {
    const wrapper = await mountAs('viewer');

    expect(wrapper.get('[data-test="image-table"]').text()).toContain('busybox:latest');
    expect(wrapper.find('[data-test="pull-card"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="load-card"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="build-card"]').exists()).toBe(false);
    expect(wrapper.findAll('button').map((button) => button.text())).toEqual(['Refresh']);
  });

  it('lets an operator remove an image, and puts it back with the reason when refused', async () => {
    const wrapper = await mountAs('operator', {
      [`DELETE /api/v1/images/${busybox.id}`]: problemResponse(409, 'IMAGE_IN_USE', 'container web uses busybox:latest'),
    });
    expect(wrapper.find('[data-test="pull-card"]').exists()).toBe(true);

    const remove = () =>
      wrapper
        .get('[data-test="image-table"]')
        .findAll('button')
        .find((button) => /remove/i.test(button.text()))!;
    await remove().trigger('click');
    await remove().trigger('click');
    await flushPromises();

    const row = wrapper.get('[data-test="image-row-busybox:latest"]').text();
    expect(row).toContain('IMAGE_IN_USE');
    expect(row).toContain('container web uses busybox:latest');
  });

  it('says so when there are no images, and shows a failed list with its code', async () => {
    let fail = false;
    const wrapper = await mountAs('viewer', {
      'GET /api/v1/images': () => (fail ? problemResponse(503, 'DATABASE_UNAVAILABLE', 'try again shortly') : pageResponse([])),
    });
    expect(wrapper.get('[data-test="empty"]').text()).toContain('No images yet');

    fail = true;
    await wrapper.get('button').trigger('click');
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toContain('DATABASE_UNAVAILABLE');
  });
});
