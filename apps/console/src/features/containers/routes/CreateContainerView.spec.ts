import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { jsonResponse, pageResponse, problemResponse, stubFetch, type StubAnswer } from '../../../testing/fetch-stub';
import { sampleContainerDetail, sampleImage } from '../../../testing/samples';
import { signInAs } from '../../../testing/session';
import CreateContainerView from './CreateContainerView.vue';

let wrapper: VueWrapper | undefined;

async function mountForm(role: 'viewer' | 'operator', answers: Record<string, StubAnswer>) {
  const fetchMock = stubFetch({
    'GET /api/v1/images': pageResponse([sampleImage({ repoTags: ['busybox:latest', 'alpine:3'] })]),
    'GET /api/v1/networks': pageResponse([]),
    'GET /api/v1/volumes': pageResponse([]),
    ...answers,
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  signInAs(role);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/containers/new', name: 'container-create', component: CreateContainerView },
      { path: '/containers/:id', name: 'container', component: { template: '<p>container page</p>' } },
      { path: '/containers', name: 'containers', component: { template: '<p>list</p>' } },
    ],
  });
  await router.push('/containers/new');
  wrapper = mount(CreateContainerView, { global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router, fetchMock };
}

describe('CreateContainerView', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('suggests the local images and shows each API validation message next to its field', async () => {
    const { wrapper } = await mountForm('operator', {
      'POST /api/v1/containers': problemResponse(
        400,
        'VALIDATION_FAILED',
        'resources.memory: must be a size; ports.0.containerPort: must not be greater than 65535',
        [
          { field: 'resources.memory', message: 'memory must be a size such as 512m' },
          { field: 'ports.0.containerPort', message: 'containerPort must not be greater than 65535' },
        ],
      ),
    });
    expect(wrapper.findAll('#image-suggestions option').map((option) => option.attributes('value'))).toEqual(['alpine:3', 'busybox:latest']);

    await wrapper.get('[data-test="image"]').setValue('busybox');
    await wrapper.get('[data-test="memory"]').setValue('lots');
    await wrapper.get('[data-test="add-port"]').trigger('click');
    await wrapper.get('[data-test="container-port"]').setValue(70000);
    await wrapper.get('[data-test="create-form"]').trigger('submit');
    await flushPromises();

    const memory = wrapper.get('[data-field="resources.memory"]');
    expect(memory.get('[data-test="field-error"]').text()).toBe('memory must be a size such as 512m');
    expect(memory.get('input').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('[data-test="port-0"] [data-test="field-error"]').text()).toContain('65535');
    expect(wrapper.get('[data-field="image"]').find('[data-test="field-error"]').exists()).toBe(false);
    expect(wrapper.get('[role="alert"]').text()).toContain('VALIDATION_FAILED');
  });

  it('creates, starts and opens the new container', async () => {
    const detail = sampleContainerDetail({ status: 'created' });
    const { router, fetchMock } = await mountForm('operator', {
      'POST /api/v1/containers': jsonResponse(detail, 201),
      [`POST /api/v1/containers/${detail.id}/start`]: jsonResponse({ ...detail, status: 'running' }),
      'GET /api/v1/containers': jsonResponse({ items: [], total: 0 }),
    });

    await wrapper!.get('[data-test="image"]').setValue('busybox');
    await wrapper!.get('[data-test="command"]').setValue('sleep 1000');
    await wrapper!.get('[data-test="create-form"]').trigger('submit');
    await flushPromises();

    const created = fetchMock.mock.calls.find(([url, init]) => String(url).endsWith('/api/v1/containers') && init?.method === 'POST');
    expect(JSON.parse(String(created![1]!.body))).toEqual({ image: 'busybox', cmd: ['sleep', '1000'] });
    expect(router.currentRoute.value.fullPath).toBe(`/containers/${detail.id}`);
  });

  it('offers no form to a viewer', async () => {
    const { wrapper } = await mountForm('viewer', {});

    expect(wrapper.find('[data-test="create-form"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('not create them');
  });
});
