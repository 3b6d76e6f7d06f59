import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signIn, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * Sessions never outgrow their credential (issue 16, reproduction 2): a console session
 * opened with an API token keeps the token's team and at most its role for its whole life.
 * Real PostgreSQL, real server.
 */
let subject: TestApp;
beforeAll(async () => {
  subject = await startTestApp();
});
afterAll(async () => {
  await subject?.close();
});

/** An admin of the default team who also has a team of their own, and a token of `role` made in the default team. */
async function ownerWithToken(role: 'viewer' | 'operator') {
  const owner = await addMember(subject, 'admin');
  const session = await signIn(subject, owner.username, owner.password);
  const ownTeam = `own-${owner.username}`;
  await session.agent.post('/api/v1/teams').set('X-CSRF-Token', session.csrf).send({ name: ownTeam }).expect(201);
  const made = await session.agent
    .post('/api/v1/tokens')
    .set('X-CSRF-Token', session.csrf)
    .send({ name: `${role}-token`, role })
    .expect(201);
  const { token, id } = made.body as { token: string; id: string };
  return { owner, ownTeam, token, tokenId: id };
}

async function tokenSession(token: string) {
  const agent = request.agent(subject.app.getHttpServer());
  const login = await agent.post('/api/v1/auth/login').send({ token }).expect(200);
  return { agent, login: login.body as { role: string; csrfToken: string } };
}

describe('a session opened with an API token', () => {
  it('acts as the token, not as its owner: me says viewer, a change is refused, and the team cannot be switched', async () => {
    const { ownTeam, token } = await ownerWithToken('viewer');
    const { agent, login } = await tokenSession(token);
    expect(login.role).toBe('viewer');

    const me = (await agent.get('/api/v1/auth/me').expect(200)).body as {
      role: string;
      via: string;
      token: { name: string } | null;
      teams: { name: string }[];
    };
    expect(me).toMatchObject({ role: 'viewer', via: 'session', token: { name: 'viewer-token' } });
    expect(me.teams.map((team) => team.name)).toEqual(['default']);

    const refused = await agent.post('/api/v1/volumes').set('X-CSRF-Token', login.csrfToken).send({ name: 'made-by-viewer' }).expect(403);
    expect(refused.body.code).toBe('ROLE_REQUIRED');
    expect(await subject.db.prisma.volume.count({ where: { name: 'made-by-viewer' } })).toBe(0);

    const switched = await agent.put('/api/v1/auth/team').set('X-CSRF-Token', login.csrfToken).send({ team: ownTeam }).expect(403);
    expect(switched.body.code).toBe('SESSION_BOUND_TO_TOKEN');
    expect(((await agent.get('/api/v1/auth/me').expect(200)).body as { team: { name: string } }).team.name).toBe('default');
  });

  it('cannot set the password of an account above the token (which would open the whole account)', async () => {
    const { token } = await ownerWithToken('operator');
    const { agent, login } = await tokenSession(token);
    const viaSession = await agent
      .put('/api/v1/auth/password')
      .set('X-CSRF-Token', login.csrfToken)
      .send({ currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' })
      .expect(403);
    expect(viaSession.body.code).toBe('SESSION_BOUND_TO_TOKEN');
    const viaBearer = await withToken(subject, token)
      .put('/api/v1/auth/password')
      .send({ currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' })
      .expect(403);
    expect(viaBearer.body.code).toBe('SESSION_BOUND_TO_TOKEN');
  });

  it('ends when its token is revoked', async () => {
    const { token, tokenId } = await ownerWithToken('operator');
    const { agent } = await tokenSession(token);
    await agent.get('/api/v1/auth/me').expect(200);
    await subject.http().delete(`/api/v1/tokens/${tokenId}`).expect(200);
    expect((await agent.get('/api/v1/auth/me').expect(401)).body.code).toBe('SESSION_EXPIRED');
  });

  it('leaves a password session as it was: the user may switch to any of their teams', async () => {
    const { owner, ownTeam } = await ownerWithToken('viewer');
    const session = await signIn(subject, owner.username, owner.password);
    const switched = await session.agent.put('/api/v1/auth/team').set('X-CSRF-Token', session.csrf).send({ team: ownTeam }).expect(200);
    expect(switched.body).toMatchObject({ role: 'admin', team: { name: ownTeam } });
  });
});
