import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clean, useAuditStore } from './audit-store';
import { useMembersStore } from './members-store';
import { useTokensStore } from './tokens-store';

function answer(status: number, body: unknown): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });
}
const problem = (status: number, code: string) => ({ type: 'about:blank', title: 'x', status, code, detail: `${code} detail` });

describe('team stores', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    setActivePinia(createPinia());
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('rolls a refused role change back and keeps the reason for its row', async () => {
    const members = useMembersStore();
    fetchMock.mockResolvedValueOnce(answer(200, { items: [{ username: 'ada', displayName: null, role: 'admin', since: '2026-01-01T00:00:00Z' }], total: 1 }));
    await members.load();
    fetchMock.mockResolvedValueOnce(answer(409, problem(409, 'LAST_ADMIN')));
    await members.changeRole('ada', 'viewer');
    expect(members.items[0]!.role).toBe('admin');
    expect(members.rowErrors['ada']?.code).toBe('LAST_ADMIN');
  });

  it('lists a new token without its secret, and forgets the secret on request', async () => {
    const tokens = useTokensStore();
    const view = {
      id: 't1',
      name: 'ci',
      prefix: 'berth_abcdef',
      role: 'viewer',
      owner: 'ada',
      createdAt: 'x',
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    };
    fetchMock.mockResolvedValueOnce(answer(201, { ...view, token: 'berth_secret' }));
    await tokens.create({ name: 'ci', role: 'viewer' });
    expect(tokens.created?.token).toBe('berth_secret');
    expect(JSON.stringify(tokens.items)).not.toContain('berth_secret');
    tokens.forgetSecret();
    expect(tokens.created).toBeNull();
  });

  it('sends only the audit filters that are set, and appends the next page', async () => {
    expect(clean({ actor: '', action: 'containers', outcome: undefined })).toEqual({ action: 'containers' });
    const audit = useAuditStore();
    const record = (id: string) => ({
      id,
      at: 'x',
      actor: 'ada',
      action: 'volumes.create',
      method: 'POST',
      path: '/p',
      target: 'v',
      status: 201,
      outcome: 'success',
    });
    fetchMock.mockResolvedValueOnce(answer(200, { items: [record('2')], total: 2 })).mockResolvedValueOnce(answer(200, { items: [record('1')], total: 2 }));
    await audit.load({ actor: 'ada', target: '' });
    expect(String(fetchMock.mock.calls[0]![0])).toMatch(/\/api\/v1\/audit\?actor=ada&offset=0&limit=50$/);
    await audit.more();
    expect(String(fetchMock.mock.calls[1]![0])).toContain('offset=1');
    expect(audit.items.map((r) => r.id)).toEqual(['2', '1']);
    expect(audit.exportUrl()).toBe('/api/v1/audit/export?actor=ada');
  });
});
