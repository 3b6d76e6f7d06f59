import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWithRole, withToken } from '../../test/access-fixtures.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { EventsService } from '../events/events.service.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
import { LastUsedTimes } from '../tokens/last-used-times.service.js';

/**
 * What a request costs the database, counted on the real app and a real PostgreSQL through
 * every SQL statement the app's client sends; and that the writes taken off the request path
 * (events, audit records, last-used times) are still all written, in order, on a clean stop.
 */
let subject: TestApp;
let teamId: string;
const statements: string[] = [];

beforeAll(async () => {
  subject = await startTestApp({}, { onQuery: (sql) => statements.push(sql) });
  teamId = (await subject.app.get(DefaultTeamService).ensure()).id;
});
afterAll(async () => {
  await subject?.close();
});

const CREDENTIAL_TABLES = /"public"\."(api_tokens|sessions|users|memberships|teams)"/;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('a bearer-token request', () => {
  it('reads its token, team and owner role in one statement, and writes its last use behind it once a minute', async () => {
    const token = await tokenWithRole(subject, 'viewer');
    const lastUsed = subject.app.get(LastUsedTimes);
    await lastUsed.written();

    statements.length = 0;
    await withToken(subject, token).get('/api/v1/volumes').expect(200);
    await lastUsed.written();
    const first = statements.filter((sql) => CREDENTIAL_TABLES.test(sql));
    expect(first).toHaveLength(2);
    expect(first[0]).toMatch(/^SELECT .*FROM "public"\."api_tokens"/);
    expect(first[1]).toMatch(/^UPDATE "public"\."api_tokens" SET "last_used_at"/);

    // Within the minute: the read alone.
    statements.length = 0;
    await withToken(subject, token).get('/api/v1/volumes').expect(200);
    await withToken(subject, token).get('/api/v1/volumes').expect(200);
    await lastUsed.written();
    const later = statements.filter((sql) => CREDENTIAL_TABLES.test(sql));
    expect(later).toHaveLength(2);
    expect(later.every((sql) => sql.startsWith('SELECT'))).toBe(true);

    const listed = (await subject.http().get('/api/v1/tokens').expect(200)).body.items as { prefix: string; lastUsedAt: string | null }[];
    expect(listed.find((entry) => token.startsWith(entry.prefix))?.lastUsedAt).not.toBeNull();
  });
});

describe('events', () => {
  it('recorded in one turn are written by one multi-row insert, in order, and readers see them at once', async () => {
    const actorId = unique('batch');
    const events = subject.app.get(EventsService);
    await events.drain();
    statements.length = 0;
    for (let index = 0; index < 20; index++) events.record({ teamId, type: 'volume', action: 'create', actorId, attributes: { index } });
    // No drain: the read itself waits for what was recorded before it.
    const response = await subject
      .http()
      .get('/api/v1/events')
      .query({ filters: JSON.stringify({ volume: [actorId] }) })
      .expect(200);
    const seen = response.body as { id: string; attributes: { index: number } }[];
    expect(seen.map((event) => event.attributes.index)).toEqual([...Array(20).keys()]);
    const ids = seen.map((event) => BigInt(event.id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
    expect(statements.filter((sql) => /^\s*INSERT INTO ("public"\.)?"?events"? /.test(sql))).toHaveLength(1);
  });

  it('of a team deleted meanwhile are kept without the team, and do not hold up the others', async () => {
    const gone = await subject.db.prisma.team.create({ data: { name: unique('gone') } });
    await subject.db.prisma.team.delete({ where: { id: gone.id } });
    const actorId = unique('orphan');
    const events = subject.app.get(EventsService);
    events.record({ teamId: gone.id, type: 'volume', action: 'create', actorId });
    events.record({ teamId, type: 'volume', action: 'create', actorId });
    await events.drain();
    const rows = await subject.db.prisma.event.findMany({ where: { actorId }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => row.teamId)).toEqual([null, teamId]);
  });
});

describe('a clean stop', () => {
  it('writes every queued event and audit record before the database closes, in order, even those waiting for a retry', async () => {
    const names = Array.from({ length: 5 }, () => unique('vol'));
    for (const name of names) await subject.http().post('/api/v1/volumes').send({ name }).expect(201);
    const actorId = unique('late');
    // The database refuses these events for now (a failed write waits a second for its retry) …
    await subject.db.prisma.$executeRawUnsafe(`ALTER TABLE events ADD CONSTRAINT hold_late CHECK (actor_id <> '${actorId}') NOT VALID`);
    const events = subject.app.get(EventsService);
    for (let index = 0; index < 50; index++) events.record({ teamId, type: 'volume', action: 'create', actorId, attributes: { index } });
    await events.drain();
    expect(await subject.db.prisma.event.count({ where: { actorId } })).toBe(0);
    // … and takes them again just before the stop, which must write them rather than leave them to the retry.
    await subject.db.prisma.$executeRawUnsafe('ALTER TABLE events DROP CONSTRAINT hold_late');
    await subject.restart();

    const late = await subject.db.prisma.event.findMany({ where: { actorId }, orderBy: { id: 'asc' } });
    expect(late.map((row) => (row.attributes as { index: number }).index)).toEqual([...Array(50).keys()]);
    const audit = await subject.db.prisma.auditRecord.findMany({ where: { target: { in: names } }, orderBy: { id: 'asc' } });
    expect(audit.map((row) => row.target)).toEqual(names);
    expect(audit.every((row) => row.action === 'volumes.create' && row.outcome === 'success')).toBe(true);
  });
});
