import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBinaries } from '@berth/db';
import { removeFirewallChains, Runtime, sweepNetwork } from '@berth/runtime';
import { BUSYBOX_CONFIG, busyboxLayer, ImageStore, writeImage } from '@berth/images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginePaths } from '../engine/engine-paths.js';
import { NetworkOwners } from '../networks/network-owners.js';
import { freePort, processesUsing } from '../../test/server-process.js';

/**
 * The built server as a real process on its embedded PostgreSQL (root): killed with SIGKILL
 * while containers run, and with PostgreSQL stopped and started under it. Containers outlive
 * the API; what happened meanwhile is recorded when it is back.
 */
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
let root: string;
const children: ChildProcess[] = [];

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** The server's bootstrap admin token (BERTH_ADMIN_TOKEN). */
const ADMIN_TOKEN = `berth_test_${randomBytes(16).toString('hex')}`;

async function launch(port: number): Promise<Server> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, BERTH_ROOT: root, BERTH_PORT: String(port), BERTH_LOG_LEVEL: 'warn', DATABASE_URL: '', BERTH_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server not listening: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url: `http://127.0.0.1:${port}/api/v1`, exited };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are checked field by field with toMatchObject
async function call(server: Server, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const postmasterPid = () => Number(readFileSync(join(root, 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);

/** Starts the cluster again the way EmbeddedPostgres does, as its own user. */
async function startPostgres(): Promise<void> {
  const binaries = findPostgresBinaries();
  const args = [
    '-u',
    'berth-postgres',
    '--',
    join(binaries.binDir, 'postgres'),
    '-D',
    join(root, 'postgres', 'data'),
    '-k',
    join(root, 'postgres', 'run'),
    '-c',
    'listen_addresses=',
    '-c',
    'unix_socket_permissions=0700',
  ];
  const child = spawn('runuser', args, { stdio: 'ignore', detached: true });
  child.unref();
  await until(async () => existsSync(join(root, 'postgres', 'run', '.s.PGSQL.5432')), Boolean);
}

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first (nx run @berth/api:build)`);
  root = mkdtempSync(join(tmpdir(), 'berth-crash-'));
  chmodSync(root, 0o755);
  const layer = await busyboxLayer();
  await writeImage(new ImageStore(join(root, 'images')), 'busybox:latest', [{ tar: () => layer }], BUSYBOX_CONFIG);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of processesUsing(root)) process.kill(pid, 'SIGKILL');
  // The containers outlived their API, as they should; the test's must not outlive the test.
  const paths = enginePaths(root);
  const runtime = new Runtime({ root: paths.containers, cgroupParent: paths.cgroupParent, launcher: 'spawn' });
  for (const state of await runtime.list()) await runtime.delete(state.id, { force: true });
  await runtime.sweepOrphans({ killProcesses: true });
  // Their default network's bridge and rules too: kernel state that outlives the root.
  await sweepNetwork({ keepOwners: [], ownerPrefix: new NetworkOwners(root).prefix });
  await removeFirewallChains().catch(() => undefined); // still in use by another test's network: kept
  rmSync(root, { recursive: true, force: true });
});

describe('the API process dies or loses its database while containers run', () => {
  it('after SIGKILL and a restart, every container has the right state, logs and exit code', { timeout: 180_000 }, async () => {
    const port = await freePort();
    let server = await launch(port);
    const ends = await call(server, 'POST', '/containers', { image: 'busybox', name: 'ends', cmd: ['sh', '-c', 'echo before; sleep 3; echo after; exit 5'] });
    expect(ends.status).toBe(201);
    const stays = await call(server, 'POST', '/containers', { image: 'busybox', name: 'stays', cmd: ['sh', '-c', 'echo up; sleep 120'] });
    const always = await call(server, 'POST', '/containers', {
      image: 'busybox',
      name: 'always',
      cmd: ['sh', '-c', 'sleep 3; exit 1'],
      restartPolicy: { name: 'always' },
    });
    for (const name of ['ends', 'stays', 'always']) expect((await call(server, 'POST', `/containers/${name}/start`)).status).toBe(200);

    server.child.kill('SIGKILL');
    await server.exited;
    // While the API is down, `ends` and `always` exit; the shims keep their logs and exit codes.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    server = await launch(port);

    const ended = (await call(server, 'GET', '/containers/ends')).body;
    expect(ended).toMatchObject({ status: 'stopped', exitCode: 5, oomKilled: false });
    expect((await call(server, 'GET', '/containers/ends/logs')).body).toEqual([
      { stream: 'stdout', log: 'before\n' },
      { stream: 'stdout', log: 'after\n' },
    ]);
    expect((await call(server, 'GET', '/containers/stays')).body).toMatchObject({ status: 'running', id: stays.body.id });
    // `always` is restarted by the new API process.
    await until(
      async () => (await call(server, 'GET', '/containers/always')).body,
      (body: { restartCount: number; status: string }) => body.restartCount >= 1 && body.status === 'running',
    );
    const events = (await call(server, 'GET', `/events?filters=${encodeURIComponent(JSON.stringify({ container: [ends.body.id] }))}`)).body;
    expect(events.map((event: { action: string }) => event.action)).toEqual(['create', 'start', 'die']);
    expect(always.status).toBe(201);

    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('answers 503 while PostgreSQL is down, then serves again; an exit meanwhile is not lost', { timeout: 180_000 }, async () => {
    const server = await launch(await freePort());
    const created = await call(server, 'POST', '/containers', { image: 'busybox', name: 'outage', cmd: ['sh', '-c', 'sleep 2; exit 9'] });
    expect((await call(server, 'POST', '/containers/outage/start')).status).toBe(200);

    process.kill(postmasterPid(), 'SIGINT');
    const down = await until(
      () => call(server, 'GET', '/containers?all=true'),
      (response) => response.status === 503,
    );
    expect(down.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    // The container exits during the outage.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    await startPostgres();
    const back = await until(
      () => call(server, 'GET', '/containers/outage'),
      (response) => response.status === 200 && response.body.status === 'stopped',
    );
    expect(back.body).toMatchObject({ exitCode: 9 });
    const actions = await until(
      async () =>
        (await call(server, 'GET', `/events?filters=${encodeURIComponent(JSON.stringify({ container: [created.body.id] }))}`)).body.map(
          (event: { action: string }) => event.action,
        ),
      (list: string[]) => list.includes('die'),
    );
    expect(actions).toEqual(['create', 'start', 'die']);
    server.child.kill('SIGTERM');
    await server.exited;
  });
});
