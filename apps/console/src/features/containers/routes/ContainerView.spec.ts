import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { jsonResponse, liveSse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { sampleContainerDetail } from '../../../testing/samples';
import { signInAs } from '../../../testing/session';
import ContainerView from './ContainerView.vue';

const running = sampleContainerDetail({ status: 'running' });
let wrapper: VueWrapper | undefined;

async function mountPage(role: 'viewer' | 'operator', detail = running) {
  const logs = liveSse();
  stubFetch({
    [`GET /api/v1/containers/${detail.id}`]: jsonResponse(detail),
    [`/api/v1/containers/${detail.id}/logs`]: () => logs.response(),
    '/api/v1/events': (url) => (url.searchParams.get('follow') ? liveSse().response() : jsonResponse([])),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  signInAs(role);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', name: 'containers', component: { template: '<p />' } }] });
  wrapper = mount(ContainerView, { props: { id: detail.id }, global: { plugins: [pinia, router], stubs: { RouterLink: RouterLinkStub } } });
  await flushPromises();
  return { wrapper, logs };
}

const tabNames = (wrapper: VueWrapper) => wrapper.findAll('[role="tab"]').map((tab) => tab.text());

describe('ContainerView', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('shows a viewer the container and its logs, without actions or a terminal', async () => {
    const { wrapper, logs } = await mountPage('viewer');
    logs.send({ event: 'log', data: { stream: 'stdout', log: 'hello from web\n' } });
    await vi.waitFor(() => expect(wrapper.get('[data-test="logs"]').text()).toContain('hello from web'));

    expect(wrapper.get('h1').text()).toBe('web');
    expect(wrapper.find('[data-test="container-actions"]').exists()).toBe(false);
    expect(tabNames(wrapper)).toEqual(['Logs', 'Stats', 'Files', 'Inspect']);
    // A viewer may download files but not upload them.
    await wrapper.get('[data-test="tab-files"]').trigger('click');
    expect(wrapper.find('[data-test="files-download"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="files-upload"]').exists()).toBe(false);
  });

  it('shows the health verdict with the last probe output as its tooltip', async () => {
    const log = [{ start: '2026-01-01T00:00:02.000Z', end: '2026-01-01T00:00:02.100Z', exitCode: 1, output: 'connection refused\n' }];
    const { wrapper } = await mountPage(
      'viewer',
      sampleContainerDetail({ status: 'running', health: 'unhealthy', healthState: { status: 'unhealthy', failingStreak: 3, log } }),
    );

    const badge = wrapper.get('[data-test="container-health"]');
    expect(badge.text()).toBe('unhealthy');
    expect(badge.attributes('title')).toBe('connection refused\n');
  });

  it('offers an operator the actions the status allows and the terminal', async () => {
    const { wrapper } = await mountPage('operator');

    const actions = wrapper
      .get('[data-test="container-actions"]')
      .findAll('button')
      .map((button) => button.text());
    expect(actions).toEqual(['Stop', 'Restart', 'Pause', 'Kill', 'Remove']);
    expect(tabNames(wrapper)).toEqual(['Logs', 'Stats', 'Terminal', 'Files', 'Inspect']);
    await wrapper.get('[data-test="tab-files"]').trigger('click');
    expect(wrapper.find('[data-test="files-upload"]').exists()).toBe(true);
  });

  it('shows the inspect document and an action failure with its code', async () => {
    const { wrapper } = await mountPage('operator');
    stubFetch({ [`POST /api/v1/containers/${running.id}/pause`]: problemResponse(409, 'CONTAINER_NOT_RUNNING', 'web is stopped') });

    await wrapper.get('[data-test="action-pause"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-test="tab-inspect"]').trigger('click');

    expect(wrapper.get('[role="alert"]').text()).toContain('CONTAINER_NOT_RUNNING');
    expect(wrapper.get('[data-test="container-status"]').text()).toBe('running');
    expect(wrapper.get('[data-test="json"]').text()).toContain('"pid": 4242');
  });

  it('says when the container does not exist', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    signInAs('viewer');
    stubFetch({
      '/api/v1/containers/nope': problemResponse(404, 'CONTAINER_NOT_FOUND', 'no container nope'),
      '/api/v1/events': (url) => (url.searchParams.get('follow') ? liveSse().response() : jsonResponse([])),
    });
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', name: 'containers', component: { template: '<p />' } }] });
    wrapper = mount(ContainerView, { props: { id: 'nope' }, global: { plugins: [pinia, router] } });
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toContain('CONTAINER_NOT_FOUND');
  });
});
