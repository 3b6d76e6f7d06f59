import type { RegistryCredentialView } from '@berth/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, pageResponse, problemResponse, stubFetch } from '../../../testing/fetch-stub';
import { signInAs } from '../../../testing/session';
import RegistriesPanel from './RegistriesPanel.vue';

const teamLogin: RegistryCredentialView = {
  id: 'c1',
  registry: 'ghcr.io',
  username: 'robot',
  scope: 'team',
  owner: 'default',
  createdBy: 'admin',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
let wrapper: VueWrapper | undefined;

function mountAs(role: 'operator' | 'admin'): VueWrapper {
  const pinia = createPinia();
  setActivePinia(pinia);
  signInAs(role);
  return mount(RegistriesPanel, { global: { plugins: [pinia] } });
}

async function fill(registry: string, password: string): Promise<void> {
  await wrapper!.get('[name="registry"]').setValue(registry);
  await wrapper!.get('[name="registry-username"]').setValue('ada');
  await wrapper!.get('[name="registry-password"]').setValue(password);
  await wrapper!.get('[data-test="registry-login"]').trigger('submit');
  await flushPromises();
}

describe('RegistriesPanel', () => {
  afterEach(() => {
    wrapper?.unmount();
    vi.unstubAllGlobals();
  });

  it('shows a refused login with its code, clears the password, and lists nothing new', async () => {
    stubFetch({
      'GET /api/v1/registry-credentials': pageResponse([teamLogin]),
      'POST /api/v1/registry-credentials': problemResponse(403, 'REGISTRY_AUTH_FAILED', 'login not stored: registry 127.0.0.1:5000 refused access'),
    });
    wrapper = mountAs('operator');
    await flushPromises();
    // A member sees the team's login but is offered no way to remove it, nor to set one for the team.
    expect(wrapper.get('[data-test="registry-ghcr.io-team"]').text()).toContain('team default');
    expect(wrapper.get('[data-test="registry-ghcr.io-team"]').find('button').exists()).toBe(false);
    expect(wrapper.find('[name="registry-scope"]').exists()).toBe(false);

    await fill('127.0.0.1:5000', 'wrong');
    expect(wrapper.get('[role="alert"]').text()).toContain('REGISTRY_AUTH_FAILED');
    expect((wrapper.get('[name="registry-password"]').element as HTMLInputElement).value).toBe('');
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
  });

  it('adds a verified login (the password only in the request) and logs out of it', async () => {
    const mine: RegistryCredentialView = { ...teamLogin, id: 'c2', registry: '127.0.0.1:5000', username: 'ada', scope: 'user', owner: 'ada' };
    const fetchMock = stubFetch({
      'GET /api/v1/registry-credentials': pageResponse([]),
      'POST /api/v1/registry-credentials': jsonResponse(mine, 201),
      'DELETE /api/v1/registry-credentials/c2': jsonResponse(mine),
    });
    wrapper = mountAs('admin');
    await flushPromises();
    await fill('127.0.0.1:5000', 's3cret');

    const sent = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')![1]!;
    expect(JSON.parse(String(sent.body))).toEqual({ registry: '127.0.0.1:5000', username: 'ada', password: 's3cret', scope: 'user' });
    const row = wrapper.get('[data-test="registry-127.0.0.1:5000-user"]');
    expect(row.text()).toContain('ada');
    expect(wrapper.html()).not.toContain('s3cret');

    // ConfirmButton: the first press asks, the second acts.
    await row.get('button.danger').trigger('click');
    await row.get('button.danger').trigger('click');
    await flushPromises();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(true);
    expect(wrapper.find('[data-test="registry-127.0.0.1:5000-user"]').exists()).toBe(false);
  });
});
