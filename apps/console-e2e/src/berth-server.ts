import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BerthClient } from '@berth/contracts';

const MAIN = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));

export interface BerthServer {
  url: string;
  /** The bootstrap administrator's API token (BERTH_ADMIN_TOKEN), for signing in. */
  adminToken: string;
  /** Every direct API call a test makes goes through this client, as the administrator. */
  client: BerthClient;
  stop(): Promise<void>;
}

/** Starts the built server as `npm start` would, on the given database and a fresh state root. */
export async function startBerthServer(databaseUrl: string): Promise<BerthServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first (nx run @berth/api:build)`);
  const root = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const port = await freePort();
  // A fresh secret per run: the server makes its first administrator with it.
  const adminToken = `berth_e2e_${randomBytes(24).toString('hex')}`;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      BERTH_ROOT: root,
      BERTH_PORT: String(port),
      BERTH_LOG_LEVEL: 'warn',
      BERTH_ADMIN_TOKEN: adminToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await untilListening(child, () => output);
  const url = `http://127.0.0.1:${port}`;
  const client = new BerthClient({ baseUrl: url, token: adminToken });
  return {
    url,
    adminToken,
    client,
    async stop() {
      try {
        if (child.exitCode === null) await removeKernelState(client);
      } finally {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Containers, then networks: a network's bridge and firewall rules are kernel state that
 * would outlive the state root (the team's `bridge` network is made by the first container).
 */
async function removeKernelState(client: BerthClient): Promise<void> {
  for (const container of await client.containers.listAll({ all: true })) await client.containers.remove(container.id, { force: true });
  for (const network of await client.networks.listAll()) await client.networks.remove(network.id);
}

async function untilListening(child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!output().includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not listen within 60 s: ${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
