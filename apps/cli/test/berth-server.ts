import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BerthClient } from '@berth/contracts';
import { BUSYBOX_CONFIG, busyboxLayer, ImageStore, writeImage } from '@berth/images';
import { freePort } from '@berth/images/testing';

/**
 * The real Berth server for the CLI's tests: the built API (apps/api/dist, as `npm start`
 * runs it; the project's `test` target builds it first), on a fresh
 * state root holding `busybox:latest`, with its own embedded PostgreSQL. The CLI may not
 * import the API's code (apps are leaves), so it talks to it the way users do: over HTTP.
 */
export interface BerthServer {
  url: string;
  root: string;
  /** The bootstrap administrator's token (BERTH_ADMIN_TOKEN). */
  adminToken: string;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));

export async function startBerthServer(): Promise<BerthServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the API first (npx nx run @berth/api:build)`);
  // Short on purpose: a container's attach socket lives under the root, and socket paths end at 107 bytes.
  const root = mkdtempSync('/tmp/bcli-');
  chmodSync(root, 0o755); // the embedded PostgreSQL's own user must be able to enter it
  const layer = await busyboxLayer();
  await writeImage(new ImageStore(join(root, 'images')), 'busybox:latest', [{ tar: () => layer }], BUSYBOX_CONFIG);
  const port = await freePort();
  const adminToken = `berth_test_${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERTH_ROOT: root,
    BERTH_HOST: '127.0.0.1',
    BERTH_PORT: String(port),
    BERTH_LOG_LEVEL: 'warn',
    BERTH_ADMIN_TOKEN: adminToken,
  };
  delete env['DATABASE_URL']; // its own embedded database, never a developer's
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await untilListening(child, () => output);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    root,
    adminToken,
    async stop() {
      // Containers outlive the server (their shims are detached): remove them while it can.
      await removeAllContainers(url, adminToken).catch(() => undefined);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Containers, then networks: a network's bridge and firewall rules are kernel state that would outlive the root. */
async function removeAllContainers(url: string, token: string): Promise<void> {
  const client = new BerthClient({ baseUrl: url, token });
  for (const container of await client.containers.listAll({ all: true })) await client.containers.remove(container.id, { force: true }).catch(() => undefined);
  for (const network of await client.networks.listAll()) await client.networks.remove(network.id).catch(() => undefined);
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
