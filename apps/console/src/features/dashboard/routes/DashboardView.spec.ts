import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, sampleReadiness, sampleSystemInfo, stubFetch } from '../../../testing/fetch-stub';
import DashboardView from './DashboardView.vue';

// A real Pinia and the real API client: only fetch is stubbed, so the whole path from
// HTTP answer to rendered text is under test.
async function mountDashboard() {
  const wrapper = mount(DashboardView, { global: { plugins: [createPinia()] } });
  await flushPromises();
  return wrapper;
}

describe('DashboardView', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows readiness checks and host facts', async () => {
    stubFetch({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) });

    const wrapper = await mountDashboard();

    const readiness = wrapper.get('[data-test="readiness"]');
    expect(readiness.text()).toContain('Ready');
    expect(wrapper.get('[data-test="check-database"]').text()).toContain('OK');
    expect(wrapper.get('[data-test="check-migrations"]').text()).toContain('OK');

    const host = wrapper.get('[data-test="host-facts"]').text();
    for (const expected of [
      'dock-01',
      '6.1.0-26-amd64',
      'Debian GNU/Linux 12 (bookworm)',
      'x64',
      '8',
      '16GiB',
      'hybrid',
      'embedded',
      '/var/lib/berth',
      '0.1.0',
    ]) {
      expect(host).toContain(expected);
    }
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('shows a failing check with its detail when the API is not ready', async () => {
    const notReady = {
      status: 'not-ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'migrations', ok: false, detail: '2 migrations pending' },
      ],
    };
    stubFetch({ '/readyz': jsonResponse(notReady, 503), '/api/v1/system/info': jsonResponse(sampleSystemInfo) });

    const wrapper = await mountDashboard();

    expect(wrapper.get('[data-test="readiness"]').text()).toContain('Not ready');
    const migrations = wrapper.get('[data-test="check-migrations"]').text();
    expect(migrations).toContain('Failing');
    expect(migrations).toContain('2 migrations pending');
  });

  it('shows the code and detail of an API problem', async () => {
    stubFetch({
      '/readyz': jsonResponse(sampleReadiness),
      '/api/v1/system/info': problemResponse(500, 'HOST_PROBE_FAILED', 'cannot read /proc/meminfo'),
    });

    const wrapper = await mountDashboard();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('reported a problem');
    expect(alert.get('[data-test="error-code"]').text()).toBe('HOST_PROBE_FAILED');
    expect(alert.get('[data-test="error-detail"]').text()).toBe('cannot read /proc/meminfo');
    expect(alert.text()).toContain('HTTP 500');
    expect(wrapper.find('[data-test="host-facts"]').exists()).toBe(false);
  });

  it('says the API is unreachable when no answer arrives', async () => {
    stubFetch({ '/readyz': new TypeError('Failed to fetch'), '/api/v1/system/info': new TypeError('Failed to fetch') });

    const wrapper = await mountDashboard();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('unreachable');
    expect(alert.get('[data-test="error-code"]').text()).toBe('NETWORK');
    expect(alert.text()).not.toContain('HTTP');
  });

  it('reloads on Refresh and replaces the error with fresh facts', async () => {
    stubFetch({ '/readyz': new TypeError('Failed to fetch'), '/api/v1/system/info': new TypeError('Failed to fetch') });
    const wrapper = await mountDashboard();
    expect(wrapper.find('[role="alert"]').exists()).toBe(true);

    const fetchMock = stubFetch({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) });
    await wrapper.get('[data-test="refresh"]').trigger('click');
    await flushPromises();

    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="host-facts"]').text()).toContain('dock-01');
  });
});
