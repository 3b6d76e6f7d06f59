import { randomBytes } from 'node:crypto';
import type { RoleName } from '@berth/contracts';
import request from 'supertest';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'correct horse battery';

/** A new user with a password, member of the admin's current team with `role`. */
export async function addMember(subject: TestApp, role: RoleName, as = subject.http()): Promise<{ username: string; password: string }> {
  const username = `${role}-${randomBytes(3).toString('hex')}`;
  await as.post('/api/v1/team/members').send({ username, role, password: TEST_PASSWORD }).expect(201);
  return { username, password: TEST_PASSWORD };
}

/** A token of `role` made by the bootstrap admin (or by `as`) for the team it acts in. */
export async function tokenWithRole(subject: TestApp, role: RoleName, as = subject.http()): Promise<string> {
  const response = await as
    .post('/api/v1/tokens')
    .send({ name: `${role}-${randomBytes(3).toString('hex')}`, role })
    .expect(201);
  return (response.body as { token: string }).token;
}

/** supertest sending this bearer token. */
export function withToken(subject: TestApp, token: string) {
  return request.agent(subject.app.getHttpServer()).set('Authorization', `Bearer ${token}`);
}

/**
 * A second team with its own admin token: a new admin of the default team makes it (and is
 * its only admin), then makes a token in it through a session switched to it.
 */
export async function otherTeam(subject: TestApp): Promise<{ name: string; adminToken: string }> {
  const name = `other-${randomBytes(3).toString('hex')}`;
  const admin = await addMember(subject, 'admin');
  const session = await signIn(subject, admin.username, admin.password);
  await session.agent.post('/api/v1/teams').set('X-CSRF-Token', session.csrf).send({ name }).expect(201);
  await session.agent.put('/api/v1/auth/team').set('X-CSRF-Token', session.csrf).send({ team: name }).expect(200);
  const created = await session.agent.post('/api/v1/tokens').set('X-CSRF-Token', session.csrf).send({ name: 'other-admin', role: 'admin' }).expect(201);
  return { name, adminToken: (created.body as { token: string }).token };
}

/** A console session: a cookie-keeping agent and the CSRF token to echo on changes. */
export async function signIn(subject: TestApp, username: string, password: string) {
  const agent = request.agent(subject.app.getHttpServer());
  const response = await agent.post('/api/v1/auth/login').send({ username, password }).expect(200);
  return { agent, csrf: (response.body as { csrfToken: string }).csrfToken, cookies: response.headers['set-cookie'] as unknown as string[] };
}
