import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from '@berth/images/testing';
import { CONFIG_ENV } from '@berth/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, otherTeam, signIn, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { AuditService } from '../audit/audit.service.js';
import { EventsService } from '../events/events.service.js';
import { CREDENTIALS_KEY_PATH } from './credential-vault.js';

// The real API on its own database, and Debian's docker-registry behind htpasswd (bcrypt)
// basic auth on loopback. Loopback registries are admin-only unless allowed, so the test
// allows 127.0.0.1 for its operators, as a site would allow its own registry.
const LOGIN = { username: 'berth-ci', password: 'registry-Pa55-word' };
const PATH = '/api/v1/registry-credentials';

let subject: TestApp;
let registry: LocalRegistry;
let work: string;

beforeAll(async () => {
  subject = await startTestApp({ [CONFIG_ENV.registryAllow]: '127.0.0.1' });
  work = mkdtempSync(join(tmpdir(), 'berth-creds-'));
  const htpasswd = join(work, 'htpasswd');
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', LOGIN.username, LOGIN.password]));
  registry = await startLocalRegistry(join(work, 'registry'), htpasswd);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  await subject?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const api = () => subject.http();
const rows = () => subject.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM registry_credentials');

describe('berth login (REST) against a registry with htpasswd auth', () => {
  it('refuses a wrong password with REGISTRY_AUTH_FAILED and stores nothing', async () => {
    const response = await api().post(PATH).send({ registry: registry.host, username: LOGIN.username, password: 'wrong' }).expect(403);
    expect(response.body.code).toBe('REGISTRY_AUTH_FAILED');
    expect(response.body.detail).toContain('login not stored');
    expect(await rows()).toEqual([]);
  });

  it("applies the host-access policy to the login's connection, as to a pull", async () => {
    const operator = await addMember(subject, 'operator');
    const session = await signIn(subject, operator.username, operator.password);
    // 127.0.0.2 is loopback but not on this server's BERTH_REGISTRY_ALLOW list.
    const denied = await session.agent
      .post(PATH)
      .set('X-CSRF-Token', session.csrf)
      .send({ registry: '127.0.0.2:5000', ...LOGIN })
      .expect(403);
    expect(denied.body).toMatchObject({ code: 'HOST_ACCESS_DENIED', field: 'registry' });
    expect(await rows()).toEqual([]);
  });

  it('refuses a registry that is no host, before connecting anywhere', async () => {
    const response = await api().post(PATH).send({ registry: 'not a host', username: 'u', password: 'p' }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('stores a good login sealed (the key 0600 in the state root), and never answers the secret', async () => {
    const created = await api()
      .post(PATH)
      .send({ registry: `http://${registry.host}/v2/`, ...LOGIN })
      .expect(201);
    expect(created.body).toMatchObject({ registry: registry.host, username: LOGIN.username, scope: 'user', owner: 'admin' });
    expect(JSON.stringify(created.body)).not.toContain(LOGIN.password);
    const listed = await api().get(PATH).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(LOGIN.password);
    const stored = JSON.stringify(await rows());
    expect(stored).not.toContain(LOGIN.password);
    expect(stored).not.toContain(Buffer.from(LOGIN.password).toString('base64'));
    expect(statSync(join(subject.root, ...CREDENTIALS_KEY_PATH)).mode & 0o777).toBe(0o600);
  });

  it('pushes and pulls a private image without passing auth again', async () => {
    const target = `${registry.host}/private/bb:1`;
    const pushed = await api().post('/api/v1/images/busybox/push').send({ target }).expect(200);
    expect(pushed.body.digest).toMatch(/^sha256:/);
    // The registry answers nothing without auth (see the logout test): this pull used the stored login.
    const pulled = await api().post('/api/v1/images/pull').send({ reference: target }).expect(200);
    expect(pulled.body.registryDigest).toBe(pushed.body.digest);
    // Credentials in the request come first: wrong ones are refused even with a good login stored.
    const explicit = await api()
      .post('/api/v1/images/pull')
      .send({ reference: target, auth: { username: LOGIN.username, password: 'wrong' } })
      .expect(403);
    expect(explicit.body.code).toBe('REGISTRY_AUTH_FAILED');
  });

  it('leaves the secret out of the audit log and the event log', async () => {
    // Every column as text, so nothing escapes the comparison (bigint ids included).
    const dump = async (table: string) => JSON.stringify(await subject.db.prisma.$queryRawUnsafe<unknown[]>(`SELECT t::text FROM ${table} t`));
    await subject.app.get(AuditService).settled();
    await subject.app.get(EventsService).drain();
    const audit = await dump('audit_records');
    expect(audit).toContain('registry-credentials');
    expect(audit).not.toContain(LOGIN.password);
    expect(await dump('events')).not.toContain(LOGIN.password);
  });

  it("keeps one user's login from another member of the same team, and from another team", async () => {
    const operator = await addMember(subject, 'operator');
    const session = await signIn(subject, operator.username, operator.password);
    const mine = (await api().get(PATH).expect(200)).body.items[0].id as string;
    const theirs = (await session.agent.get(PATH).expect(200)).body;
    expect(theirs.items).toEqual([]);
    const refused = await session.agent
      .post('/api/v1/images/pull')
      .set('X-CSRF-Token', session.csrf)
      .send({ reference: `${registry.host}/private/bb:1` })
      .expect(403);
    expect(refused.body.code).toBe('REGISTRY_AUTH_FAILED');
    await session.agent.delete(`${PATH}/${mine}`).set('X-CSRF-Token', session.csrf).expect(404);

    const other = await otherTeam(subject);
    const them = withToken(subject, other.adminToken);
    expect((await them.get(PATH).expect(200)).body.items).toEqual([]);
    await them.delete(`${PATH}/${mine}`).expect(404);
  });

  it("lets team admins set the team's login, which members use and other teams do not", async () => {
    const operator = await addMember(subject, 'operator');
    const session = await signIn(subject, operator.username, operator.password);
    const denied = await session.agent
      .post(PATH)
      .set('X-CSRF-Token', session.csrf)
      .send({ registry: registry.host, ...LOGIN, scope: 'team' })
      .expect(403);
    expect(denied.body.code).toBe('TEAM_ADMIN_REQUIRED');
    const team = await api()
      .post(PATH)
      .send({ registry: registry.host, ...LOGIN, scope: 'team' })
      .expect(201);
    expect(team.body).toMatchObject({ scope: 'team', owner: 'default' });
    await session.agent
      .post('/api/v1/images/pull')
      .set('X-CSRF-Token', session.csrf)
      .send({ reference: `${registry.host}/private/bb:1` })
      .expect(200);
    // The member sees the team's login but may not remove it.
    const seen = (await session.agent.get(PATH).expect(200)).body.items as { id: string; scope: string }[];
    expect(seen.map((item) => item.scope)).toEqual(['team']);
    expect((await session.agent.delete(`${PATH}/${team.body.id}`).set('X-CSRF-Token', session.csrf).expect(403)).body.code).toBe('TEAM_ADMIN_REQUIRED');

    const other = await otherTeam(subject);
    const refused = await withToken(subject, other.adminToken)
      .post('/api/v1/images/pull')
      .send({ reference: `${registry.host}/private/bb:1` })
      .expect(403);
    expect(refused.body.code).toBe('REGISTRY_AUTH_FAILED');
  });

  it("uses the caller's own login before the team's, and skips one that no longer opens", async () => {
    const pull = () =>
      api()
        .post('/api/v1/images/pull')
        .send({ reference: `${registry.host}/private/bb:1` });
    // The team's login made wrong behind the API's back: the admin's own login must be the one used.
    await subject.db.prisma.registryCredential.updateMany({ where: { teamId: { not: null } }, data: { username: 'nobody' } });
    await pull().expect(200);
    // The admin's own login sealed under another owner's context (as a row copied from elsewhere would be):
    // it cannot be opened, so it is skipped for the team's (now wrong) one — a refusal, not a 500.
    const [own, team] = await Promise.all([
      subject.db.prisma.registryCredential.findFirstOrThrow({ where: { userId: { not: null } } }),
      subject.db.prisma.registryCredential.findFirstOrThrow({ where: { teamId: { not: null } } }),
    ]);
    await subject.db.prisma.registryCredential.update({ where: { id: own.id }, data: { secretCipher: team.secretCipher } });
    expect((await pull().expect(403)).body.code).toBe('REGISTRY_AUTH_FAILED');
  });

  it('keeps exactly one owner per row (a CHECK constraint)', async () => {
    await expect(
      subject.db.prisma.$executeRawUnsafe(
        `INSERT INTO registry_credentials (id, registry, username, secret_cipher) VALUES (gen_random_uuid(), 'x.io', 'u', 'v1.a.b.c')`,
      ),
    ).rejects.toThrow(/registry_credentials_one_owner/);
  });

  it('logs out: the login is deleted and pulls go anonymous again', async () => {
    const before = (await api().get(PATH).expect(200)).body.items as { id: string }[];
    for (const item of before) await api().delete(`${PATH}/${item.id}`).expect(200);
    expect(await rows()).toEqual([]);
    const refused = await api()
      .post('/api/v1/images/pull')
      .send({ reference: `${registry.host}/private/bb:1` })
      .expect(403);
    expect(refused.body.code).toBe('REGISTRY_AUTH_FAILED');
  });
});
