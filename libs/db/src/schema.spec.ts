import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from './testing/test-database.js';

/**
 * Schema and SQL migrations are written separately (the schema engine that would diff
 * them cannot run here), so this test is what keeps them in step: every model is
 * written with every field set and read back, and every table has exactly as many
 * columns as the client reads.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const TEAM = '0b8e5e8e-5b0a-4a55-9f4e-1c2d3e4f5a6b';
const USER = '1c9f6f9f-6c1b-4b66-8a5f-2d3e4f5a6b7c';
const IMAGE = '2daf7a0a-7d2c-4c77-9b6a-3e4f5a6b7c8d';
const TOKEN = '3ebf8b1b-8e3d-4d88-8c7b-4f5a6b7c8d9e';
const RUN = '4fc09c2c-9f4e-4e99-9d8c-5a6b7c8d9eaf';
const VOLUME = '5ad1ad3d-af5f-4faa-8e9d-6b7c8d9eafb0';
const NETWORK = '6be2be4e-b06a-40bb-9fae-7c8d9eafb0c1';
const SESSION = '7cf3cf5f-c17b-41cc-8abf-8d9eafb0c1d2';
const AT = new Date('2026-01-02T03:04:05.678Z');

// One full row per model, in an order that satisfies foreign keys.
const SAMPLES: Record<Prisma.ModelName, Record<string, unknown>> = {
  Team: { id: TEAM, name: 'platform', createdAt: AT },
  User: { id: USER, username: 'ada', displayName: 'Ada', passwordHash: 'scrypt$x', createdAt: AT },
  Membership: { teamId: TEAM, userId: USER, role: 'admin', createdAt: AT },
  ApiToken: {
    id: TOKEN,
    name: 'ci',
    tokenHash: 'f'.repeat(64),
    prefix: 'brt_abcd',
    role: 'operator',
    teamId: TEAM,
    userId: USER,
    createdAt: AT,
    lastUsedAt: AT,
    expiresAt: AT,
    revokedAt: AT,
  },
  Image: {
    id: IMAGE,
    teamId: TEAM,
    digest: `sha256:${'a'.repeat(64)}`,
    repoTags: ['busybox:latest', 'busybox:1.36'],
    sizeBytes: 5_000_000_000n,
    config: { Cmd: ['sh'], Env: ['PATH=/bin'] },
    createdAt: AT,
  },
  Layer: { chainId: `sha256:${'b'.repeat(64)}`, diffId: `sha256:${'d'.repeat(64)}`, sizeBytes: 3_000_000_000n, refCount: 2, createdAt: AT },
  ImageLayer: { imageId: IMAGE, position: 0, chainId: `sha256:${'b'.repeat(64)}` },
  Container: {
    id: 'c'.repeat(64),
    name: 'web',
    teamId: TEAM,
    imageId: IMAGE,
    imageRef: 'busybox',
    status: 'stopped',
    command: ['sh', '-c', 'echo hi'],
    spec: { ociVersion: '1.2.0', process: { args: ['sh'] } },
    config: { image: 'busybox', cmd: ['sh'] },
    labels: { tier: 'web' },
    restartPolicy: 'on-failure',
    restartMaxRetries: 3,
    restartCount: 1,
    autoRemove: true,
    stoppedByUser: true,
    pid: 4242,
    exitCode: 137,
    oomKilled: true,
    createdAt: AT,
    startedAt: AT,
    finishedAt: AT,
    health: {
      status: 'unhealthy',
      failingStreak: 3,
      log: [{ start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:00:00.100Z', exitCode: 1, output: 'down\n' }],
    },
  },
  Volume: { id: VOLUME, teamId: TEAM, name: 'data', driver: 'local', mountpoint: '/var/lib/berth/volumes/x/data', labels: { keep: 'yes' }, createdAt: AT },
  ContainerVolume: { containerId: 'c'.repeat(64), destination: '/data', volumeId: VOLUME, readOnly: true },
  Network: {
    id: NETWORK,
    teamId: TEAM,
    name: 'backend',
    driver: 'bridge',
    bridge: 'berth-0a1b2c3d',
    subnet: '10.89.7.0/24',
    gateway: '10.89.7.1',
    internal: true,
    labels: { tier: 'db' },
    createdAt: AT,
  },
  ContainerNetwork: {
    containerId: 'c'.repeat(64),
    networkId: NETWORK,
    position: 0,
    ip: '10.89.7.2',
    mac: '02:be:0a:59:07:02',
    aliases: ['web', 'www'],
    hostVeth: 'vb-0123456789ab',
  },
  ContainerPort: { containerId: 'c'.repeat(64), protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8053, containerPort: 53 },
  Event: { id: 1000n, teamId: TEAM, type: 'container', action: 'die', actorId: 'c'.repeat(64), attributes: { exitCode: 137 }, at: AT },
  AuditRecord: {
    id: 1000n,
    teamId: TEAM,
    userId: USER,
    tokenId: TOKEN,
    sessionId: SESSION,
    actor: 'ada',
    action: 'containers.remove',
    method: 'DELETE',
    path: '/api/v1/containers/web',
    target: 'web',
    status: 204,
    outcome: 'success',
    errorCode: 'NONE',
    ip: '127.0.0.1',
    details: { force: true },
    at: AT,
  },
  Session: {
    id: SESSION,
    tokenHash: 'e'.repeat(64),
    userId: USER,
    teamId: TEAM,
    tokenId: TOKEN,
    ip: '::1',
    userAgent: 'Chromium',
    createdAt: AT,
    lastUsedAt: AT,
    expiresAt: AT,
    revokedAt: AT,
  },
  LoginAttempt: { id: 1000n, username: 'ada', ip: '10.0.0.1', succeeded: false, at: AT },
  BenchmarkRun: { id: RUN, teamId: TEAM, suite: 'start', gitRevision: 'abc123', environment: { cpus: 2 }, startedAt: AT, finishedAt: AT },
  BenchmarkResult: {
    id: 1000n,
    runId: RUN,
    subject: 'crun',
    metric: 'start-to-exit',
    unit: 'ms',
    missing: null,
    samples: [1.25, 2.5],
    statistics: { median: 1.875 },
  },
  // Exactly one owner (a CHECK constraint): teamId is null beside userId.
  RegistryCredential: {
    id: '8d04d06a-d28c-42dd-9bc0-9eafb0c1d2e3',
    registry: 'ghcr.io',
    username: 'ada',
    secretCipher: 'v1.iv.tag.sealed',
    userId: USER,
    teamId: null,
    createdBy: 'ada',
    createdAt: AT,
    updatedAt: AT,
  },
};

function delegate(model: Prisma.ModelName) {
  const key = model[0]!.toLowerCase() + model.slice(1);
  return (db.prisma as unknown as Record<string, { create(args: unknown): Promise<unknown>; findFirstOrThrow(): Promise<Record<string, unknown>> }>)[key]!;
}

describe('schema and migrations agree', () => {
  it('has a sample for every model of the schema', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  it('round-trips every field of every model', async () => {
    for (const model of Object.keys(SAMPLES) as Prisma.ModelName[]) {
      await delegate(model).create({ data: SAMPLES[model] });
      const row = await delegate(model).findFirstOrThrow();
      expect(row, model).toEqual(SAMPLES[model]);
    }
  });

  it('has no column the schema does not know', async () => {
    const tables = await db.prisma.$queryRaw<{ table_name: string; columns: bigint }[]>`
      SELECT table_name, count(*) AS columns FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' GROUP BY table_name`;
    expect(tables).toHaveLength(Object.keys(SAMPLES).length);
    const columnsByTable = new Map(tables.map((table) => [table.table_name, Number(table.columns)]));
    const sampleColumnCounts = Object.values(SAMPLES)
      .map((sample) => Object.keys(sample).length)
      .sort();
    expect([...columnsByTable.values()].sort()).toEqual(sampleColumnCounts);
  });

  it('fills defaults the way the schema declares them', async () => {
    const team = await db.prisma.team.create({ data: { name: 'defaults' } });
    expect(team.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(team.createdAt).toBeInstanceOf(Date);
    const event = await db.prisma.event.create({ data: { type: 'container', actorId: 'c'.repeat(64), action: 'start' } });
    expect(event.attributes).toEqual({});
    const layer = await db.prisma.layer.create({ data: { chainId: 'sha256:defaults', diffId: 'sha256:defaults', sizeBytes: 1n } });
    expect(layer.refCount).toBe(0);
  });
});
