import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from './session-store';

const ME = {
  user: { id: 'u1', username: 'ada' },
  team: { id: 't1', name: 'platform' },
  role: 'operator' as const,
  via: 'session' as const,
  token: null,
  teams: [{ id: 't1', name: 'platform', role: 'operator' as const }],
};

function answer(status: number, body: unknown): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });
}

describe('session store', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    setActivePinia(createPinia());
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is signed in with the role /auth/me reports, and allows what that role allows', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, ME));
    const session = useSessionStore();
    await session.load();
    expect(session.status).toBe('signed-in');
    expect([session.can('viewer'), session.can('operator'), session.can('admin')]).toEqual([true, true, false]);
  });

  it('is signed out on 401 and allows nothing', async () => {
    fetchMock.mockResolvedValueOnce(answer(401, { type: 'about:blank', title: 'Unauthorized', status: 401, code: 'UNAUTHENTICATED', detail: 'sign in' }));
    const session = useSessionStore();
    await session.load();
    expect(session.status).toBe('signed-out');
    expect(session.error).toBeNull();
    expect(session.can('viewer')).toBe(false);
  });

  it('keeps the API error of a failed login to show it', async () => {
    fetchMock.mockResolvedValueOnce(
      answer(429, { type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'LOGIN_THROTTLED', detail: 'try again in 60 s' }),
    );
    const session = useSessionStore();
    expect(await session.login({ username: 'ada', password: 'x' })).toBe(false);
    expect(session.error?.code).toBe('LOGIN_THROTTLED');
    expect(session.status).not.toBe('signed-in');
  });

  it('signs in with the answer of /auth/login and out again', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, { ...ME, role: 'admin', csrfToken: 'c' })).mockResolvedValueOnce(answer(204, null));
    const session = useSessionStore();
    expect(await session.login({ username: 'ada', password: 'correct horse' })).toBe(true);
    expect(session.can('admin')).toBe(true);
    await session.logout();
    expect(session.status).toBe('signed-out');
    expect(session.can('viewer')).toBe(false);
  });
});
