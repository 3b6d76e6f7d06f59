import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  jsonResponse,
  pageResponse,
  liveSse,
  problemResponse,
  sampleReadiness,
  sampleSystemInfo,
  stubFetch,
  type StubAnswer,
} from '../../../testing/fetch-stub';
import DashboardView from './DashboardView.vue';

// A real Pinia and the real API client: only fetch is stubbed, so the whole path from
// HTTP answer to rendered text is under test.
let mounted: VueWrapper | undefined;
async function mountDashboard() {
  mounted = mount(DashboardView, { global: { plugins: [createPinia()], stubs: { RouterLink: RouterLinkStub } } });
  await flushPromises();
  return mounted;
}

/** The dashboard's other sources: networks for the counts, the event stream for recent events. */
function withDefaults(answers: Record<string, StubAnswer>): Record<string, StubAnswer> {
  return {
    '/api/v1/networks': () => pageResponse([]),
    '/api/v1/events': (url) => (url.searchParams.get('follow') ? liveSse().response() : jsonResponse([])),
    ...answers,
  };
}

describe('DashboardView', () => {
  afterEach(() => {
    mounted?.unmount();
    vi.unstubAllGlobals();
  });

  it('shows readiness checks and host facts', async () => {
    stubFetch(withDefaults({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) }));

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
    stubFetch(withDefaults({ '/readyz': jsonResponse(notReady, 503), '/api/v1/system/info': jsonResponse(sampleSystemInfo) }));

    const wrapper = await mountDashboard();

    expect(wrapper.get('[data-test="readiness"]').text()).toContain('Not ready');
    const migrations = wrapper.get('[data-test="check-migrations"]').text();
    expect(migrations).toContain('Failing');
    expect(migrations).toContain('2 migrations pending');
  });

  it('shows the code and detail of an API problem', async () => {
    stubFetch(
      withDefaults({
        '/readyz': jsonResponse(sampleReadiness),
        '/api/v1/system/info': problemResponse(500, 'HOST_PROBE_FAILED', 'cannot read /proc/meminfo'),
      }),
    );

    const wrapper = await mountDashboard();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('reported a problem');
    expect(alert.get('[data-test="error-code"]').text()).toBe('HOST_PROBE_FAILED');
    expect(alert.get('[data-test="error-detail"]').text()).toBe('cannot read /proc/meminfo');
    expect(alert.text()).toContain('HTTP 500');
    expect(wrapper.find('[data-test="host-facts"]').exists()).toBe(false);
  });

  it('says the API is unreachable when no answer arrives', async () => {
    stubFetch(withDefaults({ '/readyz': new TypeError('Failed to fetch'), '/api/v1/system/info': new TypeError('Failed to fetch') }));

    const wrapper = await mountDashboard();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('unreachable');
    expect(alert.get('[data-test="error-code"]').text()).toBe('UNREACHABLE');
    expect(alert.text()).not.toContain('HTTP');
  });

  it('reloads on Refresh and replaces the error with fresh facts', async () => {
    stubFetch(withDefaults({ '/readyz': new TypeError('Failed to fetch'), '/api/v1/system/info': new TypeError('Failed to fetch') }));
    const wrapper = await mountDashboard();
    expect(wrapper.find('[role="alert"]').exists()).toBe(true);

    const fetchMock = stubFetch(withDefaults({ '/readyz': jsonResponse(sampleReadiness), '/api/v1/system/info': jsonResponse(sampleSystemInfo) }));
    await wrapper.get('[data-test="refresh"]').trigger('click');
    await flushPromises();

    expect(fetchMock.mock.calls.filter(([url]) => /readyz|system\/info/.test(String(url)))).toHaveLength(2);
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="host-facts"]').text()).toContain('dock-01');
  });
});

describe('DashboardView counts and events', () => {
  afterEach(() => {
    mounted?.unmount();
    vi.unstubAllGlobals();
  });

  it('counts containers, images, volumes and networks, and shows events as they happen', async () => {
    const live = liveSse();
    stubFetch(
      withDefaults({
        '/readyz': jsonResponse(sampleReadiness),
        '/api/v1/system/info': jsonResponse(sampleSystemInfo),
        '/api/v1/networks': () => pageResponse([{ id: 'n1', name: 'bridge' }]),
        '/api/v1/events': (url) =>
          url.searchParams.get('follow')
            ? live.response()
            : jsonResponse([
                { id: '1', type: 'image', action: 'pull', actorId: 'sha256:abc', attributes: { reference: 'alpine:3' }, at: '2026-01-01T00:00:00Z' },
              ]),
      }),
    );

    const wrapper = await mountDashboard();
    live.send({
      id: '2',
      data: { id: '2', type: 'container', action: 'start', actorId: 'c'.repeat(64), attributes: { name: 'web' }, at: '2026-01-01T00:00:01Z' },
    });
    await vi.waitFor(() => expect(wrapper.findAll('[data-test="event"]')).toHaveLength(2));

    expect(wrapper.get('[data-test="count-containers"]').text()).toContain('3');
    expect(wrapper.get('[data-test="count-containers"]').text()).toContain('2 running');
    expect(wrapper.get('[data-test="count-images"]').text()).toContain('2');
    expect(wrapper.get('[data-test="count-volumes"]').text()).toContain('1');
    expect(wrapper.get('[data-test="count-networks"]').text()).toContain('1');
    const events = wrapper.findAll('[data-test="event"]').map((item) => item.text());
    expect(events[0]).toContain('start');
    expect(events[0]).toContain('web');
    expect(events[1]).toContain('alpine:3');
    expect(wrapper.get('[data-test="recent-events"]').text()).toContain('Live');
  });
});
