import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addMember, signIn, tokenWithRole, withToken, TEST_PASSWORD } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { AuditService } from '../audit/audit.service.js';
import { MAX_FAILURES_PER_USER } from './login-throttle.service.js';

/** Tokens, console sessions, CSRF, sign-in throttling and audit records — real PostgreSQL, real server. */
let subject: TestApp;
beforeAll(async () => {
  subject = await startTestApp();
});
afterAll(async () => {
  await subject?.close();
});

describe('API tokens', () => {
  it('are refused without credentials, and a malformed header is a clear 401', async () => {
    const anonymous = await withToken(subject, 'x').get('/api/v1/containers').set('Authorization', '').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const malformed = await withToken(subject, 'x').get('/api/v1/containers').set('Authorization', 'Basic abc').expect(401);
    expect(malformed.body.code).toBe('TOKEN_INVALID');
  });

  it('are shown once, kept hashed, listed with their last use, and refused at once when revoked', async () => {
    const created = await subject.http().post('/api/v1/tokens').send({ name: 'ci', role: 'operator', expiresInDays: 30 }).expect(201);
    const { token, id, prefix } = created.body as { token: string; id: string; prefix: string };
    expect(token.startsWith(prefix)).toBe(true);
    const stored = await subject.db.prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.lastUsedAt).toBeNull();

    await withToken(subject, token).get('/api/v1/containers').expect(200);
    const listed = (await subject.http().get('/api/v1/tokens').expect(200)).body.items as { id: string; lastUsedAt: string | null; token?: string }[];
    const mine = listed.find((entry) => entry.id === id)!;
    expect(mine.lastUsedAt).not.toBeNull();
    expect(listed.every((entry) => entry.token === undefined)).toBe(true);

    await subject.http().delete(`/api/v1/tokens/${id}`).expect(200);
    const refused = await withToken(subject, token).get('/api/v1/containers').expect(401);
    expect(refused.body).toMatchObject({ code: 'TOKEN_INVALID', detail: expect.stringContaining('revoked') });
  });

  it('are refused once expired', async () => {
    const created = await subject.http().post('/api/v1/tokens').send({ name: 'short', role: 'viewer', expiresInDays: 1 }).expect(201);
    const { token, id } = created.body as { token: string; id: string };
    await withToken(subject, token).get('/api/v1/containers').expect(200);
    await subject.db.prisma.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const refused = await withToken(subject, token).get('/api/v1/containers').expect(401);
    expect(refused.body.detail).toContain('expired');
  });

  it('follow their owner: a token stops working when its owner leaves the team, and never exceeds the owner role', async () => {
    const member = await addMember(subject, 'admin');
    const session = await signIn(subject, member.username, member.password);
    const made = await session.agent.post('/api/v1/tokens').set('X-CSRF-Token', session.csrf).send({ name: 'mine', role: 'admin' }).expect(201);
    const token = (made.body as { token: string }).token;
    await withToken(subject, token).get('/api/v1/tokens').expect(200);

    await subject.http().put(`/api/v1/team/members/${member.username}`).send({ role: 'viewer' }).expect(200);
    expect((await withToken(subject, token).get('/api/v1/tokens').expect(403)).body.code).toBe('ROLE_REQUIRED');
    await withToken(subject, token).get('/api/v1/containers').expect(200);

    await subject.http().delete(`/api/v1/team/members/${member.username}`).expect(204);
    expect((await withToken(subject, token).get('/api/v1/containers').expect(401)).body.code).toBe('NOT_A_MEMBER');
  });

  it('are made only by admins, and refuse bad input with nothing made', async () => {
    const operator = await tokenWithRole(subject, 'operator');
    await withToken(subject, operator).post('/api/v1/tokens').send({ name: 'x', role: 'viewer' }).expect(403);
    const before = await subject.db.prisma.apiToken.count();
    for (const body of [
      {},
      { name: '', role: 'viewer' },
      { name: 'x', role: 'root' },
      { name: 'x', role: 'viewer', expiresInDays: 0 },
      { name: 'x', role: 'viewer', extra: 1 },
    ]) {
      expect((await subject.http().post('/api/v1/tokens').send(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    await subject.http().delete('/api/v1/tokens/not-a-uuid').expect(404);
    expect(await subject.db.prisma.apiToken.count()).toBe(before);
  });
});

describe('console sessions', () => {
  it('set an httpOnly, SameSite=Strict cookie and a readable CSRF cookie', async () => {
    const member = await addMember(subject, 'operator');
    const session = await signIn(subject, member.username, member.password);
    const sessionCookie = session.cookies.find((cookie) => cookie.startsWith('berth_session='))!;
    const csrfCookie = session.cookies.find((cookie) => cookie.startsWith('berth_csrf='))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Strict/i);
    expect(csrfCookie).not.toMatch(/HttpOnly/i);
    expect(csrfCookie).toContain(session.csrf);
    const me = (await session.agent.get('/api/v1/auth/me').expect(200)).body as { user: { username: string }; role: string; via: string };
    expect(me).toMatchObject({ user: { username: member.username }, role: 'operator', via: 'session' });
  });

  it('refuse a change without the CSRF header (reads need none), and accept it with the header', async () => {
    const member = await addMember(subject, 'operator');
    const session = await signIn(subject, member.username, member.password);
    await session.agent.get('/api/v1/volumes').expect(200);
    const before = await subject.db.prisma.volume.count();
    expect((await session.agent.post('/api/v1/volumes').send({ name: 'csrf-less' }).expect(403)).body.code).toBe('CSRF_TOKEN_INVALID');
    expect((await session.agent.post('/api/v1/volumes').set('X-CSRF-Token', 'forged').send({ name: 'csrf-less' }).expect(403)).body.code).toBe(
      'CSRF_TOKEN_INVALID',
    );
    expect(await subject.db.prisma.volume.count()).toBe(before);
    await session.agent.post('/api/v1/volumes').set('X-CSRF-Token', session.csrf).send({ name: 'with-csrf' }).expect(201);
    await session.agent.delete('/api/v1/volumes/with-csrf').set('X-CSRF-Token', session.csrf).expect(204);
  });

  it('end at sign-out: the same cookie is refused afterwards', async () => {
    const member = await addMember(subject, 'viewer');
    const session = await signIn(subject, member.username, member.password);
    const cookie = session.cookies.find((c) => c.startsWith('berth_session='))!.split(';')[0]!;
    await session.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', session.csrf).expect(204);
    const refused = await withToken(subject, 'unused').get('/api/v1/auth/me').set('Authorization', '').set('Cookie', cookie).expect(401);
    expect(refused.body.code).toBe('SESSION_EXPIRED');
  });

  it('let the first admin sign in with the bootstrap token and set a password', async () => {
    const session = await subject.http().post('/api/v1/auth/login').send({ token: subject.adminToken }).expect(200);
    expect(session.body).toMatchObject({ user: { username: 'admin' }, role: 'admin' });
    await subject.http().put('/api/v1/auth/password').send({ newPassword: 'short' }).expect(400);
    await subject.http().put('/api/v1/auth/password').send({ newPassword: TEST_PASSWORD }).expect(204);
    await signIn(subject, 'admin', TEST_PASSWORD);
    // Now that it has one, changing it needs the current password.
    expect((await subject.http().put('/api/v1/auth/password').send({ newPassword: 'another long one' }).expect(403)).body.code).toBe('PASSWORD_MISMATCH');
  });

  it('do not tell a wrong username from a wrong password', async () => {
    const member = await addMember(subject, 'viewer');
    const wrongPassword = await subject.http().post('/api/v1/auth/login').send({ username: member.username, password: 'nope nope nope' }).expect(401);
    const wrongUser = await subject.http().post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'nope nope nope' }).expect(401);
    expect(wrongPassword.body).toMatchObject({ code: 'LOGIN_FAILED' });
    expect(wrongUser.body.detail).toBe(wrongPassword.body.detail);
  });
});

describe('sign-in throttling', () => {
  it('refuses even the right password after too many failures, with Retry-After, and leaves other users alone', async () => {
    const member = await addMember(subject, 'viewer');
    const other = await addMember(subject, 'viewer');
    for (let attempt = 0; attempt < MAX_FAILURES_PER_USER; attempt++) {
      await subject
        .http()
        .post('/api/v1/auth/login')
        .send({ username: member.username, password: `wrong ${attempt} guess` })
        .expect(401);
    }
    const throttled = await subject.http().post('/api/v1/auth/login').send({ username: member.username, password: member.password }).expect(429);
    expect(throttled.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(800);
    await signIn(subject, other.username, other.password);

    // Once the failures are older than the window, the right password works again.
    await subject.db.prisma.loginAttempt.updateMany({ where: { username: member.username }, data: { at: new Date(Date.now() - 16 * 60 * 1000) } });
    await signIn(subject, member.username, member.password);
  });
});

describe('bootstrap', () => {
  it('prints a one-time admin token at the first start when BERTH_ADMIN_TOKEN is unset, and it works', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let fresh: TestApp | undefined;
    try {
      fresh = await startTestApp({ BERTH_ADMIN_TOKEN: '' });
    } finally {
      write.mockRestore();
    }
    try {
      const token = /\b(berth_[A-Za-z0-9_-]{43})\b/.exec(printed.join(''))?.[1];
      expect(token).toBeDefined();
      const me = (await withToken(fresh, token!).get('/api/v1/auth/me').expect(200)).body as { user: { username: string }; role: string };
      expect(me).toMatchObject({ user: { username: 'admin' }, role: 'admin' });
      // A restart does not make (or print) another one.
      const again: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        again.push(String(chunk));
        return true;
      });
      try {
        await fresh.restart();
      } finally {
        spy.mockRestore();
      }
      expect(again.join('')).not.toContain('berth_');
      await withToken(fresh, token!).get('/api/v1/auth/me').expect(200);
    } finally {
      await fresh?.close();
    }
  });
});

describe('audit records', () => {
  it('say who did what to which target from where, with the outcome, and can be filtered and exported as JSON lines', async () => {
    const operator = await addMember(subject, 'operator');
    const session = await signIn(subject, operator.username, operator.password);
    await session.agent.post('/api/v1/volumes').set('X-CSRF-Token', session.csrf).send({ name: 'audited' }).expect(201);
    await session.agent.delete('/api/v1/volumes/audited').set('X-CSRF-Token', session.csrf).expect(204);
    await session.agent.delete('/api/v1/volumes/audited').set('X-CSRF-Token', session.csrf).expect(404);
    await session.agent.post('/api/v1/tokens').set('X-CSRF-Token', session.csrf).send({ name: 'x', role: 'viewer' }).expect(403);
    await subject.app.get(AuditService).settled();

    const list = (await subject.http().get('/api/v1/audit').query({ actor: operator.username }).expect(200)).body as {
      total: number;
      items: {
        action: string;
        target: string;
        outcome: string;
        status: number;
        errorCode: string | null;
        ip: string;
        sessionId: string;
        method: string;
        path: string;
      }[];
    };
    expect(list.items.map((item) => [item.action, item.target, item.outcome, item.status])).toEqual([
      ['tokens.create', null, 'denied', 403],
      ['volumes.remove', 'audited', 'failure', 404],
      ['volumes.remove', 'audited', 'success', 204],
      ['volumes.create', 'audited', 'success', 201],
      ['auth.login', null, 'success', 200],
    ]);
    expect(list.items[0]).toMatchObject({ errorCode: 'ROLE_REQUIRED', method: 'POST', path: '/api/v1/tokens', sessionId: expect.any(String) });
    expect(list.items[0]!.ip).toMatch(/127\.0\.0\.1|::1/);

    const failures = (await subject.http().get('/api/v1/audit').query({ actor: operator.username, outcome: 'failure' }).expect(200)).body as { total: number };
    expect(failures.total).toBe(1);
    const volumes = (await subject.http().get('/api/v1/audit').query({ actor: operator.username, action: 'volumes' }).expect(200)).body as { total: number };
    expect(volumes.total).toBe(3);

    const exported = await subject.http().get('/api/v1/audit/export').query({ actor: operator.username }).expect(200);
    expect(exported.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = (exported.text as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(lines.map((line) => line.action)).toEqual(['auth.login', 'volumes.create', 'volumes.remove', 'volumes.remove', 'tokens.create']);

    await withToken(subject, await tokenWithRole(subject, 'operator'))
      .get('/api/v1/audit')
      .expect(403);
    await subject.http().get('/api/v1/audit').query({ since: 'yesterday' }).expect(400);
  });
});

describe('admin-only container options', () => {
  it('refuses bind mounts and privileged mode to operators, with nothing created', async () => {
    const operator = withToken(subject, await tokenWithRole(subject, 'operator'));
    const before = await subject.db.prisma.container.count();
    const bind = await operator
      .post('/api/v1/containers')
      .send({ image: 'busybox', mounts: [{ type: 'bind', source: '/etc', target: '/host-etc' }] })
      .expect(403);
    expect(bind.body).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'mounts[0].source' });
    const privileged = await operator.post('/api/v1/containers').send({ image: 'busybox', privileged: true }).expect(403);
    expect(privileged.body).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'privileged' });
    expect(await subject.db.prisma.container.count()).toBe(before);
  });
});
