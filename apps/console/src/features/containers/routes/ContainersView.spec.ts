import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, liveSse, problemResponse, stubFetch, type StubAnswer } from '../../../testing/fetch-stub';
import { sampleContainer } from '../../../testing/samples';
import { signInAs } from '../../../testing/session';
import ContainersView from './ContainersView.vue';

const web = sampleContainer({ id: '1'.repeat(64), name: 'web' });
const db = sampleContainer({ id: '2'.repeat(64), name: 'db' });
const cache = sampleContainer({ id: '3'.repeat(64), name: 'cache', status: 'stopped', exitCode: 0 });

let wrapper: VueWrapper | undefined;

async function mountAs(role: 'viewer' | 'operator', answers: Record<string, StubAnswer> = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/containers': () => jsonResponse({ items: [web, db, cache], total: 3 }),
    '/api/v1/events': (url) => (url.searchParams.get('follow') ? liveSse().response() : jsonResponse([])),
    ...answers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  signInAs(role);
  wrapper = mount(ContainersView, { global: { plugins: [pinia], stubs: { RouterLink: RouterLinkStub } } });
  await flushPromises();
  return { wrapper, fetchMock };
}

describe('ContainersView', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('shows a viewer the list without anything that would change it', async () => {
    const { wrapper } = await mountAs('viewer');

    expect(wrapper.findAll('tbody tr')).toHaveLength(3);
    expect(wrapper.get('[data-test="container-row-cache"]').text()).toContain('stopped (0)');
    expect(wrapper.find('[data-test="create-container"]').exists()).toBe(false);
    expect(wrapper.find('input[type="checkbox"]').exists()).toBe(false);
  });

  it('lets an operator stop the selected containers and shows the one that failed', async () => {
    const { wrapper, fetchMock } = await mountAs('operator', {
      [`POST /api/v1/containers/${web.id}/stop`]: () => jsonResponse({ ...web, status: 'stopped' }),
      [`POST /api/v1/containers/${db.id}/stop`]: problemResponse(409, 'CONTAINER_BUSY', 'db is being removed'),
    });
    expect(wrapper.find('[data-test="create-container"]').exists()).toBe(true);

    await wrapper.get('[aria-label="Select web"]').setValue(true);
    await wrapper.get('[aria-label="Select db"]').setValue(true);
    const buttons = wrapper.get('[data-test="bulk-actions"]').findAll('button');
    await buttons.find((button) => button.text() === 'Stop')!.trigger('click');
    await flushPromises();

    expect(fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/stop'))).toHaveLength(2);
    expect(wrapper.get('[data-test="container-row-web"]').text()).toContain('stopped');
    const dbRow = wrapper.get('[data-test="container-row-db"]').text();
    expect(dbRow).toContain('running');
    expect(dbRow).toContain('CONTAINER_BUSY');
    expect(wrapper.get('[data-test="bulk-actions"]').text()).toContain('1 failed');
  });

  it("shows a running container's health beside its status and follows health_status events", async () => {
    const live = liveSse();
    let health: 'healthy' | 'unhealthy' = 'healthy';
    const { wrapper } = await mountAs('viewer', {
      'GET /api/v1/containers': () => jsonResponse({ items: [{ ...web, health }, { ...cache, health: 'healthy' }, db], total: 3 }),
      '/api/v1/events': (url) => (url.searchParams.get('follow') ? live.response() : jsonResponse([])),
    });

    expect(wrapper.get('[data-test="container-row-web"] [data-test="container-health"]').text()).toBe('healthy');
    // A stopped container's last verdict is not shown, nor one for a container without a check.
    expect(wrapper.find('[data-test="container-row-cache"] [data-test="container-health"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="container-row-db"] [data-test="container-health"]').exists()).toBe(false);

    health = 'unhealthy';
    live.send({ id: '9', data: { id: '9', type: 'container', action: 'health_status: unhealthy', actorId: web.id, attributes: {}, at: '' } });
    await vi.waitFor(() => expect(wrapper.get('[data-test="container-row-web"] [data-test="container-health"]').text()).toBe('unhealthy'), { timeout: 2000 });
  });

  it('says when nothing matches the filters and shows a failed list with its code', async () => {
    const { wrapper } = await mountAs('operator', {
      'GET /api/v1/containers': (url) =>
        url.searchParams.get('name') === 'zzz' ? jsonResponse({ items: [], total: 0 }) : problemResponse(500, 'INTERNAL', 'an unexpected error occurred'),
    });
    expect(wrapper.get('[role="alert"]').text()).toContain('INTERNAL');

    await wrapper.get('[data-test="name-filter"]').setValue('zzz');
    await wrapper.get('form[role="search"]').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[data-test="empty"]').text()).toContain('No container matches');
  });
});
