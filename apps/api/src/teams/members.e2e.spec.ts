import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, otherTeam, signIn, TEST_PASSWORD, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/** Members and roles of a team, managed by its admins (real PostgreSQL). */
let subject: TestApp;
beforeAll(async () => {
  subject = await startTestApp();
});
afterAll(async () => {
  await subject?.close();
});

describe('team members', () => {
  it('creates a user with a password, lists members with roles, and changes a role', async () => {
    const username = `ada-${randomBytes(2).toString('hex')}`;
    await subject.http().post('/api/v1/team/members').send({ username, role: 'viewer', password: TEST_PASSWORD, displayName: 'Ada' }).expect(201);
    const members = (await subject.http().get('/api/v1/team/members').expect(200)).body.items as { username: string; role: string }[];
    expect(members).toEqual(expect.arrayContaining([{ username: 'admin', displayName: 'Administrator', role: 'admin', since: expect.any(String) }]));
    expect(members.find((m) => m.username === username)?.role).toBe('viewer');
    await subject.http().put(`/api/v1/team/members/${username}`).send({ role: 'operator' }).expect(200);
    const session = await signIn(subject, username, TEST_PASSWORD);
    expect((await session.agent.get('/api/v1/auth/me').expect(200)).body.role).toBe('operator');
  });

  it('refuses what would be wrong, changing nothing', async () => {
    const existing = await addMember(subject, 'viewer');
    const users = await subject.db.prisma.user.count();
    const cases: [object, number, string][] = [
      [{ username: 'new-user', role: 'viewer' }, 400, 'PASSWORD_REQUIRED'],
      [{ username: 'new-user', role: 'viewer', password: 'short' }, 400, 'PASSWORD_TOO_SHORT'],
      [{ username: existing.username, role: 'viewer', password: TEST_PASSWORD }, 409, 'USER_EXISTS'],
      [{ username: existing.username, role: 'viewer' }, 409, 'ALREADY_MEMBER'],
      [{ username: 'Bad Name', role: 'viewer', password: TEST_PASSWORD }, 400, 'VALIDATION_FAILED'],
      [{ username: 'x-y', role: 'owner', password: TEST_PASSWORD }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      expect((await subject.http().post('/api/v1/team/members').send(body).expect(status)).body.code, JSON.stringify(body)).toBe(code);
    }
    expect(await subject.db.prisma.user.count()).toBe(users);
    await subject.http().put('/api/v1/team/members/nobody').send({ role: 'admin' }).expect(404);
  });

  it('never leaves a team without an admin', async () => {
    const { name } = await otherTeam(subject);
    const team = await subject.db.prisma.team.findUniqueOrThrow({ where: { name }, include: { memberships: { include: { user: true } } } });
    // The other team's admins: its maker; make them the only one and try to demote and remove them.
    const admins = team.memberships.filter((m) => m.role === 'admin');
    expect(admins).toHaveLength(1);
    const admin = admins[0]!.user.username;
    const session = await signIn(subject, admin, TEST_PASSWORD);
    await session.agent.put('/api/v1/auth/team').set('X-CSRF-Token', session.csrf).send({ team: name }).expect(200);
    expect((await session.agent.put(`/api/v1/team/members/${admin}`).set('X-CSRF-Token', session.csrf).send({ role: 'viewer' }).expect(409)).body.code).toBe(
      'LAST_ADMIN',
    );
    expect((await session.agent.delete(`/api/v1/team/members/${admin}`).set('X-CSRF-Token', session.csrf).expect(409)).body.code).toBe('LAST_ADMIN');
  });

  it('switches a session only to teams the user belongs to, naming none it does not', async () => {
    const member = await addMember(subject, 'viewer');
    const session = await signIn(subject, member.username, member.password);
    const { name } = await otherTeam(subject);
    const refused = await session.agent.put('/api/v1/auth/team').set('X-CSRF-Token', session.csrf).send({ team: name }).expect(404);
    expect(refused.body.code).toBe('TEAM_NOT_FOUND');
    await session.agent.put('/api/v1/auth/team').set('X-CSRF-Token', session.csrf).send({ team: 'no-such-team' }).expect(404);
    expect((await withToken(subject, subject.adminToken).get('/api/v1/teams').expect(200)).body).toEqual({
      items: expect.arrayContaining([expect.objectContaining({ name: 'default', role: 'admin' })]),
      total: expect.any(Number),
    });
  });
});
