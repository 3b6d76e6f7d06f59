import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BerthClient } from '@berth/contracts';
import { freePort } from './free-port.js';
import { API_MAIN, launchServer, stopServer, untilListening } from './server-process.js';

export interface BerthServerOptions {
  /** The state root is made with this prefix. Keep it short: attach sockets live under it, and their paths end at 107 bytes. */
  rootPrefix?: string;
  /** The server's database; unset, it starts its own embedded PostgreSQL under the root (never a developer's DATABASE_URL). */
  databaseUrl?: string;
  /** More environment for the server; a value of undefined removes the variable. */
  env?: NodeJS.ProcessEnv;
  /** Runs on the fresh root before the server starts (to seed images, say). */
  prepareRoot?: (root: string) => Promise<void>;
  /**
   * At stop, before the server goes: remove every container and then every network through
   * the API — they are kernel state (shims, bridges, firewall rules) that outlives the
   * server. `strict` reports what could not be removed; `best-effort` ignores it; `none`
   * leaves it to `afterStop`.
   */
  cleanup?: 'strict' | 'best-effort' | 'none';
  /** Runs after the server exited, before its root is removed: last-resort sweeps of what it left. */
  afterStop?: (root: string) => Promise<void> | void;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** Where the harness says what it had to do (a server that ignored SIGTERM). */
  log?: (line: string) => void;
}

export interface BerthServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/api/v1` */
  api: string;
  root: string;
  /** The bootstrap administrator's token (BERTH_ADMIN_TOKEN): every request but the probes carries one. */
  adminToken: string;
  /** A typed client as that administrator. */
  client: BerthClient;
  /** The Docker Engine API's unix socket, under the root. */
  dockerSocket: string;
  /** `embedded PostgreSQL` or `DATABASE_URL`. */
  database: string;
  /** From spawn to "listening on" (initdb and migrations included on a fresh root). */
  startupMs: number;
  /** Cleans up (see `cleanup`), stops the server (SIGTERM, then SIGKILL), runs `afterStop`, removes the root. */
  stop(): Promise<void>;
}

/**
 * The real Berth server for tests and benchmarks that may not import the API (apps are
 * leaves): the built `apps/api/dist/main.js`, as `npm start` runs it, on a fresh state root,
 * a free loopback port and a fresh administrator token, talked to over HTTP the way users do.
 */
export async function startBerthServer(options: BerthServerOptions = {}): Promise<BerthServer> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: build the API first (npx nx run @berth/api:build)`);
  const root = mkdtempSync(options.rootPrefix ?? join(tmpdir(), 'berth-test-'));
  chmodSync(root, 0o755); // the embedded PostgreSQL's own user must be able to enter it
  const removeRoot = () => rmSync(root, { recursive: true, force: true });
  try {
    await options.prepareRoot?.(root);
  } catch (error) {
    removeRoot();
    throw error;
  }
  const port = await freePort();
  const adminToken = `berth_test_${randomBytes(24).toString('hex')}`;
  const started = performance.now();
  const server = launchServer({
    BERTH_ROOT: root,
    BERTH_HOST: '127.0.0.1',
    BERTH_PORT: String(port),
    BERTH_ADMIN_TOKEN: adminToken,
    DATABASE_URL: options.databaseUrl,
    // Its own Docker API socket under the root, never the host's /run/berth/docker.sock.
    BERTH_DOCKER_SOCKET: join(root, 'docker.sock'),
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  const client = new BerthClient({ baseUrl: url, token: adminToken });
  const log = options.log ?? ((line: string) => console.error(line));
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    let leftovers: unknown;
    try {
      if (server.child.exitCode === null && options.cleanup !== 'none') leftovers = await removeKernelState(client);
      if (!(await stopServer(server, stopTimeoutMs))) log(`the API server did not stop within ${stopTimeoutMs / 1000} s of SIGTERM: killed it`);
      await options.afterStop?.(root);
    } finally {
      removeRoot();
    }
    if (leftovers && options.cleanup === 'strict') throw leftovers;
  };

  try {
    await untilListening(server, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    url,
    api: `${url}/api/v1`,
    root,
    adminToken,
    client,
    dockerSocket: join(root, 'docker.sock'),
    database: options.databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL',
    startupMs: performance.now() - started,
    stop,
  };
}

/**
 * Containers, then networks (a team's `bridge` network is made by its first container).
 * Tries every one, and answers what failed as one error, or undefined.
 */
async function removeKernelState(client: BerthClient): Promise<Error | undefined> {
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  await attempt('list containers', async () => {
    for (const container of await client.containers.listAll({ all: true }))
      await attempt(`container ${container.id}`, () => client.containers.remove(container.id, { force: true }));
  });
  await attempt('list networks', async () => {
    for (const network of await client.networks.listAll()) await attempt(`network ${network.id}`, () => client.networks.remove(network.id));
  });
  return failures.length > 0 ? new Error(`the server's containers and networks were not all removed: ${failures.join('; ')}`) : undefined;
}
