import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { EventsService } from '../events/events.service.js';
import { DefaultTeamService } from '../teams/default-team.service.js';
import { VolumesService } from './volumes.service.js';

let subject: TestApp;
let teamId: string;
let volumesDir: string;
const http = () => subject.http();

beforeAll(async () => {
  subject = await startTestApp();
  teamId = (await subject.app.get(DefaultTeamService).ensure()).id;
  volumesDir = join(subject.root, 'volumes', teamId);
});
afterAll(async () => {
  await subject?.close();
});

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;
const mountpointOf = (name: string) => join(volumesDir, name, '_data');

async function events(action: string, actorId: string) {
  await subject.app.get(EventsService).drain();
  return subject.db.prisma.event.findMany({ where: { teamId, type: 'volume', action, actorId } });
}

/** A catalogue container that mounts the volume, as the containers module would insert it. */
async function mountInContainer(volumeName: string): Promise<string> {
  const volume = await subject.db.prisma.volume.findUniqueOrThrow({ where: { teamId_name: { teamId, name: volumeName } } });
  const id = randomBytes(32).toString('hex');
  await subject.db.prisma.container.create({
    data: {
      id,
      name: unique('web'),
      teamId,
      imageRef: 'busybox',
      status: 'running',
      spec: {},
      volumes: { create: { volumeId: volume.id, destination: '/data' } },
    },
  });
  return id;
}

describe('volumes', () => {
  it('creates a volume with its data directory, lists, inspects and removes it', async () => {
    const name = unique('pgdata');
    const created = await http()
      .post('/api/v1/volumes')
      .send({ name, labels: { app: 'db' } })
      .expect(201);
    expect(created.body).toEqual({
      name,
      driver: 'local',
      scope: 'local',
      mountpoint: mountpointOf(name),
      labels: { app: 'db' },
      createdAt: expect.any(String),
      refCount: 0,
    });
    for (const dir of [volumesDir, join(volumesDir, name), mountpointOf(name)]) expect(statSync(dir).mode & 0o777).toBe(0o755);
    expect(await events('create', name)).toHaveLength(1);

    const listed = await http().get('/api/v1/volumes').expect(200);
    expect(listed.body.items.map((volume: { name: string }) => volume.name)).toContain(name);
    expect(listed.body.total).toBe(listed.body.items.length);

    const inspected = await http().get(`/api/v1/volumes/${name}`).expect(200);
    expect(inspected.body).toMatchObject({ name, mountpoint: mountpointOf(name), labels: { app: 'db' }, refCount: 0, containers: [] });
    expect(new Date(inspected.body.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    writeFileSync(join(mountpointOf(name), 'file'), 'data');
    await http().delete(`/api/v1/volumes/${name}`).expect(204);
    expect(existsSync(join(volumesDir, name))).toBe(false);
    expect(await subject.db.prisma.volume.count({ where: { name } })).toBe(0);
    expect(await events('destroy', name)).toHaveLength(1);
    const gone = await http().get(`/api/v1/volumes/${name}`).expect(404);
    expect(gone.body.code).toBe('VOLUME_NOT_FOUND');
    expect((await http().delete(`/api/v1/volumes/${name}`).expect(404)).body.code).toBe('VOLUME_NOT_FOUND');
    await http().delete(`/api/v1/volumes/${name}?force=true`).expect(204);
  });

  it('makes up a name when none is given', async () => {
    const created = await http().post('/api/v1/volumes').send({}).expect(201);
    expect(created.body.name).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(created.body.mountpoint)).toBe(true);
    await http().delete(`/api/v1/volumes/${created.body.name}`).expect(204);
  });

  it.each([
    ['..', '..'],
    ['a slash', 'a/b'],
    ['an empty name', ''],
    ['an over-long name', `v${'x'.repeat(128)}`],
    ['a leading dot', '.hidden'],
    ['.. inside', 'a..b'],
    ['a space', 'a b'],
  ])('refuses %s with 400 INVALID_VOLUME_NAME and leaves nothing behind', async (_, name) => {
    const before = { rows: await subject.db.prisma.volume.count(), dirs: existsSync(volumesDir) ? readdirSync(volumesDir).sort() : [] };
    const response = await http().post('/api/v1/volumes').send({ name }).expect(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('INVALID_VOLUME_NAME');
    expect(await subject.db.prisma.volume.count()).toBe(before.rows);
    expect(existsSync(volumesDir) ? readdirSync(volumesDir).sort() : []).toEqual(before.dirs);
    expect(existsSync(join(subject.root, 'volumes', 'b'))).toBe(false);
  });

  it('refuses invalid names in paths too', async () => {
    expect((await http().get('/api/v1/volumes/a..b').expect(400)).body.code).toBe('INVALID_VOLUME_NAME');
    expect((await http().delete('/api/v1/volumes/%2E%2E').expect(400)).body.code).toBe('INVALID_VOLUME_NAME');
    expect((await http().delete('/api/v1/volumes/a%2Fb').expect(400)).body.code).toBe('INVALID_VOLUME_NAME');
  });

  it('names the field for other bad input', async () => {
    const driver = await http()
      .post('/api/v1/volumes')
      .send({ name: unique('v'), driver: 'nfs' })
      .expect(400);
    expect(driver.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'driver' }] });
    const labels = await http()
      .post('/api/v1/volumes')
      .send({ name: unique('v'), labels: { a: 1 } })
      .expect(400);
    expect(labels.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'labels' }] });
    const unknown = await http()
      .post('/api/v1/volumes')
      .send({ name: unique('v'), size: '1g' })
      .expect(400);
    expect(unknown.body.errors[0].field).toBe('size');
    expect(await subject.db.prisma.volume.count({ where: { name: { startsWith: 'v-' } } })).toBe(0);
  });

  it('answers 409 VOLUME_EXISTS for a duplicate and keeps the first one and its data', async () => {
    const name = unique('dup');
    const first = await http()
      .post('/api/v1/volumes')
      .send({ name, labels: { first: 'yes' } })
      .expect(201);
    writeFileSync(join(first.body.mountpoint, 'keep'), 'me');
    const duplicate = await http().post('/api/v1/volumes').send({ name }).expect(409);
    expect(duplicate.body.code).toBe('VOLUME_EXISTS');
    expect(existsSync(join(first.body.mountpoint, 'keep'))).toBe(true);
    expect((await http().get(`/api/v1/volumes/${name}`).expect(200)).body.labels).toEqual({ first: 'yes' });
    expect(await events('create', name)).toHaveLength(1);
  });

  it('refuses to remove a volume in use, with or without force (409 VOLUME_IN_USE)', async () => {
    const name = unique('busy');
    await http().post('/api/v1/volumes').send({ name }).expect(201);
    const containerId = await mountInContainer(name);

    for (const path of [`/api/v1/volumes/${name}`, `/api/v1/volumes/${name}?force=true`]) {
      const refused = await http().delete(path).expect(409);
      expect(refused.body.code).toBe('VOLUME_IN_USE');
      expect(refused.body.detail).toContain('force does not override');
    }
    expect(existsSync(mountpointOf(name))).toBe(true);
    const inspected = await http().get(`/api/v1/volumes/${name}`).expect(200);
    expect(inspected.body).toMatchObject({ refCount: 1, containers: [{ id: containerId, destination: '/data', readOnly: false }] });

    await subject.db.prisma.container.delete({ where: { id: containerId } });
    await http().delete(`/api/v1/volumes/${name}`).expect(204);
  });

  it('filters the list by name, label and dangling', async () => {
    const tag = randomBytes(3).toString('hex');
    const [used, spare] = [`used-${tag}`, `spare-${tag}`];
    await http()
      .post('/api/v1/volumes')
      .send({ name: used, labels: { tier: 'db', tag } })
      .expect(201);
    await http()
      .post('/api/v1/volumes')
      .send({ name: spare, labels: { tier: 'cache', tag } })
      .expect(201);
    await mountInContainer(used);
    const names = async (query: string) =>
      (await http().get(`/api/v1/volumes?${query}`).expect(200)).body.items.map((volume: { name: string }) => volume.name).sort();

    expect(await names(`name=${tag}`)).toEqual([spare, used]);
    expect(await names(`label=tag=${tag}&label=tier=db`)).toEqual([used]);
    expect(await names(`label=tag=${tag}&label=tier`)).toEqual([spare, used]);
    expect(await names(`name=${tag}&dangling=true`)).toEqual([spare]);
    expect(await names(`name=${tag}&dangling=false`)).toEqual([used]);
    expect((await http().get('/api/v1/volumes?dangling=maybe').expect(400)).body.errors[0].field).toBe('dangling');

    // `_` is a wildcard to SQL LIKE; in a name filter it is just a character.
    await http()
      .post('/api/v1/volumes')
      .send({ name: `a_b-${tag}` })
      .expect(201);
    await http()
      .post('/api/v1/volumes')
      .send({ name: `axb-${tag}` })
      .expect(201);
    expect(await names(`name=a_b-${tag}`)).toEqual([`a_b-${tag}`]);
  });

  it('prunes the unused volumes and reports what they held', async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b, kept] = [`prune-a-${tag}`, `prune-b-${tag}`, `prune-kept-${tag}`];
    for (const name of [a, b, kept]) await http().post('/api/v1/volumes').send({ name }).expect(201);
    writeFileSync(join(mountpointOf(a), 'one'), Buffer.alloc(1000));
    writeFileSync(join(mountpointOf(b), 'two'), Buffer.alloc(2345));
    await mountInContainer(kept);

    const pruned = await http().post('/api/v1/volumes/prune').expect(200);
    expect(pruned.body.volumesDeleted).toEqual(expect.arrayContaining([a, b]));
    expect(pruned.body.volumesDeleted).not.toContain(kept);
    expect(pruned.body.spaceReclaimedBytes).toBeGreaterThanOrEqual(3345);
    expect(existsSync(join(volumesDir, a))).toBe(false);
    expect(existsSync(join(volumesDir, b))).toBe(false);
    expect(existsSync(mountpointOf(kept))).toBe(true);
    expect(await events('destroy', a)).toHaveLength(1);
    const prune = await events('prune', '');
    expect(prune.at(-1)?.attributes).toMatchObject({ reclaimed: pruned.body.spaceReclaimedBytes });
  });

  it('prunes only volumes with the given labels', async () => {
    const tag = randomBytes(3).toString('hex');
    await http()
      .post('/api/v1/volumes')
      .send({ name: `match-${tag}`, labels: { tag } })
      .expect(201);
    await http()
      .post('/api/v1/volumes')
      .send({ name: `other-${tag}` })
      .expect(201);
    const pruned = await http().post(`/api/v1/volumes/prune?label=tag=${tag}`).expect(200);
    expect(pruned.body.volumesDeleted).toEqual([`match-${tag}`]);
    await http().get(`/api/v1/volumes/other-${tag}`).expect(200);
  });

  it('resolveForMount creates a missing volume once and returns it after', async () => {
    const volumes = subject.app.get(VolumesService);
    const name = unique('mount');
    const first = await volumes.resolveForMount(teamId, name);
    expect(first).toEqual({ id: expect.any(String), name, mountpoint: mountpointOf(name) });
    expect(existsSync(first.mountpoint)).toBe(true);
    expect(await volumes.resolveForMount(teamId, name)).toEqual(first);
    expect(await events('create', name)).toHaveLength(1);

    const concurrent = unique('race');
    const results = await Promise.all([1, 2, 3].map(() => volumes.resolveForMount(teamId, concurrent)));
    expect(new Set(results.map((result) => result.id)).size).toBe(1);

    await expect(volumes.resolveForMount(teamId, '../etc')).rejects.toMatchObject({ status: 400, response: { code: 'INVALID_VOLUME_NAME' } });
  });
});
