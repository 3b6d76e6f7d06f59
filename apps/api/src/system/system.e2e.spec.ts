import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiskUsage, SystemInfo } from '@berth/contracts';
import { OCI_VERSION } from '@berth/runtime/model';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { DefaultTeamService } from '../teams/default-team.service.js';

let subject: TestApp;
let teamId: string;
let otherTeamId: string;
const http = () => subject.http();

beforeAll(async () => {
  subject = await startTestApp();
  teamId = (await subject.app.get(DefaultTeamService).ensure()).id;
  otherTeamId = (await subject.db.prisma.team.create({ data: { name: 'other' } })).id;
});
afterAll(async () => {
  await subject?.close();
});

type Status = 'creating' | 'created' | 'running' | 'paused' | 'stopped';

async function insertContainer(status: Status, options: { team?: string; imageId?: string } = {}): Promise<string> {
  const id = randomBytes(32).toString('hex');
  await subject.db.prisma.container.create({
    data: { id, name: `c-${id.slice(0, 8)}`, teamId: options.team ?? teamId, imageId: options.imageId, imageRef: 'busybox', status, spec: {} },
  });
  return id;
}

const info = async (): Promise<SystemInfo> => (await http().get('/api/v1/system/info').expect(200)).body;
const df = async (): Promise<DiskUsage> => (await http().get('/api/v1/system/df').expect(200)).body;

describe('GET /api/v1/system/info', () => {
  it("counts the team's containers by state, its images and volumes", async () => {
    const before = await info();
    for (const status of ['running', 'running', 'paused', 'created', 'stopped'] as const) await insertContainer(status);
    await insertContainer('running', { team: otherTeamId });
    await http()
      .post('/api/v1/volumes')
      .send({ name: `info-${randomBytes(3).toString('hex')}` })
      .expect(201);
    await subject.db.prisma.volume.create({ data: { teamId: otherTeamId, name: 'theirs', mountpoint: '/nowhere' } });

    const after = await info();
    expect(after.containers).toEqual({
      total: before.containers.total + 5,
      running: before.containers.running + 2,
      paused: before.containers.paused + 1,
      stopped: before.containers.stopped + 2,
    });
    expect(after.volumes).toBe(before.volumes + 1);
    expect(after.images).toBe(await subject.db.prisma.image.count({ where: { teamId } }));
    expect(after.images).toBeGreaterThanOrEqual(1); // the seeded busybox
  });

  it('names the versions, the kernel and the cgroup layout', async () => {
    const facts = await info();
    const runtimePackage = JSON.parse(readFileSync(new URL('../../../../libs/runtime/package.json', import.meta.url), 'utf8'));
    expect(facts).toMatchObject({
      version: expect.any(String),
      apiVersion: 'v1',
      runtime: { name: 'berth-runtime', version: runtimePackage.version, ociVersion: OCI_VERSION },
      kernel: release(),
      stateRoot: subject.root,
    });
    expect(['v1', 'v2', 'hybrid', 'none']).toContain(facts.cgroupVersion);
  });
});

describe('GET /api/v1/system/df', () => {
  it('measures volumes on disk, counting hard links once and never following symlinks', async () => {
    const tag = randomBytes(3).toString('hex');
    const [used, spare] = [`df-used-${tag}`, `df-spare-${tag}`];
    const mountpoints: Record<string, string> = {};
    for (const name of [used, spare]) mountpoints[name] = (await http().post('/api/v1/volumes').send({ name }).expect(201)).body.mountpoint;
    writeFileSync(join(mountpoints[used]!, 'a'), Buffer.alloc(1000));
    mkdirSync(join(mountpoints[used]!, 'deep', 'er'), { recursive: true });
    writeFileSync(join(mountpoints[used]!, 'deep', 'er', 'b'), Buffer.alloc(2345));
    linkSync(join(mountpoints[used]!, 'a'), join(mountpoints[used]!, 'a-again'));
    symlinkSync(subject.root, join(mountpoints[used]!, 'to-root'));
    writeFileSync(join(mountpoints[spare]!, 'c'), Buffer.alloc(500));
    const volume = await subject.db.prisma.volume.findFirstOrThrow({ where: { teamId, name: used } });
    const containerId = await insertContainer('running');
    await subject.db.prisma.containerVolume.create({ data: { containerId, volumeId: volume.id, destination: '/data' } });

    const usage = await df();
    const item = (name: string) => usage.volumes.items.find((entry) => entry.name === name);
    expect(item(used)).toEqual({ name: used, sizeBytes: 3345, refCount: 1 });
    expect(item(spare)).toEqual({ name: spare, sizeBytes: 500, refCount: 0 });
    expect(usage.volumes.count).toBe(usage.volumes.items.length);
    expect(usage.volumes.totalBytes).toBe(usage.volumes.items.reduce((sum, entry) => sum + entry.sizeBytes, 0));
    expect(usage.volumes.reclaimableBytes).toBe(usage.volumes.items.filter((entry) => entry.refCount === 0).reduce((sum, entry) => sum + entry.sizeBytes, 0));
    expect(usage.volumes.active).toBe(usage.volumes.items.filter((entry) => entry.refCount > 0).length);
    expect(usage.volumes.truncated).toBe(false);
  });

  it("measures containers' writable layers, where the API or the runtime keeps them", async () => {
    const running = await insertContainer('running');
    const stopped = await insertContainer('stopped');
    const empty = await insertContainer('created');
    mkdirSync(join(subject.root, 'bundles', running, 'upper', 'etc'), { recursive: true });
    writeFileSync(join(subject.root, 'bundles', running, 'upper', 'etc', 'hosts'), Buffer.alloc(4096));
    mkdirSync(join(subject.root, 'containers', stopped, 'upper'), { recursive: true });
    writeFileSync(join(subject.root, 'containers', stopped, 'upper', 'log'), Buffer.alloc(100));

    const usage = await df();
    const size = (id: string) => usage.containers.items.find((entry) => entry.id === id)?.sizeBytes;
    expect([size(running), size(stopped), size(empty)]).toEqual([4096, 100, 0]);
    expect(usage.containers.items.find((entry) => entry.id === running)).toMatchObject({ status: 'running', name: `c-${running.slice(0, 8)}` });
    expect(usage.containers.count).toBe(await subject.db.prisma.container.count({ where: { teamId } }));
    expect(usage.containers.totalBytes).toBe(4196);
    expect(usage.containers.reclaimableBytes).toBe(100);
  });

  it('sizes images from the catalogue, each layer once, reclaimable while no container uses them', async () => {
    const images = await subject.db.prisma.image.findMany({ where: { teamId }, include: { layers: { include: { layer: true } } } });
    const layerBytes = new Map(images.flatMap((image) => image.layers.map((entry) => [entry.chainId, Number(entry.layer.sizeBytes)] as const)));
    const total = [...layerBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    expect(total).toBeGreaterThan(0);

    const unused = await df();
    expect(unused.images).toMatchObject({ count: images.length, active: 0, totalBytes: total, reclaimableBytes: total, truncated: false });
    const busybox = images.find((image) => image.repoTags.includes('docker.io/library/busybox:latest')) ?? images[0]!;
    expect(unused.images.items.find((entry) => entry.id === busybox.id)).toMatchObject({
      digest: busybox.digest,
      sizeBytes: Number(busybox.sizeBytes),
      containers: 0,
    });

    await insertContainer('stopped', { imageId: busybox.id });
    const used = await df();
    expect(used.images.active).toBe(1);
    expect(used.images.items.find((entry) => entry.id === busybox.id)?.containers).toBe(1);
    expect(used.images.reclaimableBytes).toBeLessThan(total);
  });
});
