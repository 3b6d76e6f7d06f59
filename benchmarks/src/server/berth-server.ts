import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeFirewallChains, RuntimeError, sweepNetwork } from '@berth/runtime';
import { startBerthServer as startServer } from '@berth/testing';
import { killProcessesUsing } from '../peers/processes-using.js';
import { unmountUnder } from '../peers/unmount-under.js';

export interface BerthServer {
  /** `http://127.0.0.1:PORT/api/v1` */
  api: string;
  root: string;
  /** The bootstrap administrator's token (BERTH_ADMIN_TOKEN): every request but /healthz and /readyz carries it. */
  token: string;
  /** The Docker Engine API's unix socket, under the root. */
  dockerSocket: string;
  /** `embedded PostgreSQL` or `DATABASE_URL`. */
  database: string;
  /** From spawn to "listening on" (initdb and migrations included on a fresh root). */
  startupMs: number;
  /** SIGTERM, wait for it to exit, then make sure nothing it started is left; removes the root. */
  stop(): Promise<void>;
}

/**
 * The built server through the shared harness (@berth/testing): benchmarks may not import
 * apps, so it runs as a process. The database is its embedded PostgreSQL under the root, or
 * DATABASE_URL when the environment sets one. A fresh root gets busybox:latest seeded from
 * Debian's busybox-static by the server itself. What the suite's subjects leave behind is
 * swept after the server stopped, by its marks, rather than through the API one by one.
 */
export async function startBerthServer(log: (line: string) => void): Promise<BerthServer> {
  // Publishing a port creates Berth's firewall chains; they go again at stop unless they were there before.
  const chainsBefore = execFileSync('iptables-save', { encoding: 'utf8' }).includes(':BERTH-NAT ');
  const server = await startServer({
    rootPrefix: join(tmpdir(), 'berth-bench-api-'),
    databaseUrl: process.env['DATABASE_URL'] || undefined,
    env: {
      // The list subject fills one team's catalogue with 1,000 containers beside the other subjects'.
      BERTH_TEAM_MAX_CONTAINERS: '0',
      BERTH_SEED_IMAGES: undefined, // the suite needs the seeded busybox
    },
    cleanup: 'none',
    afterStop: async (root) => {
      killProcessesUsing(root, log); // the embedded PostgreSQL runs with -D <root>/postgres/data
      killContainersOf(root, log);
      await removeNetworkOf(root, chainsBefore);
      unmountUnder(root);
    },
    startTimeoutMs: 120_000,
    stopTimeoutMs: 30_000,
    log,
  });
  return {
    api: server.api,
    root: server.root,
    token: server.adminToken,
    dockerSocket: server.dockerSocket,
    database: server.database,
    startupMs: server.startupMs,
    stop: server.stop,
  };
}

/**
 * Last resort after the server is gone: containers outlive the API by design (each has its
 * own shim), so any the suite failed to remove through the API would stay. They are found
 * by their cgroup, which the API names after the state root (apps/api engine-paths.ts), and
 * killed with their shim.
 */
function killContainersOf(root: string, log: (line: string) => void): void {
  const parent = `/berth-${rootTag(root)}/`;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let cgroups: string;
    let shim: number;
    try {
      cgroups = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      shim = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    } catch {
      continue; // exited while we looked
    }
    if (!cgroups.includes(parent)) continue;
    log(`killing container process ${pid} left by the API server (and its shim ${shim})`);
    try {
      process.kill(Number(pid), 'SIGKILL');
      if (shim > 1 && readFileSync(`/proc/${shim}/cmdline`, 'utf8').includes('berth-shim')) process.kill(shim, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/**
 * Bridges, veths and firewall rules outlive the API by design, like its containers. The API
 * marks each with a tag of its state root (apps/api network-owners.ts), so this server's, and
 * only this server's, are swept; Berth's chains go too when this server brought them.
 */
async function removeNetworkOf(root: string, chainsBefore: boolean): Promise<void> {
  await sweepNetwork({ keepOwners: [], ownerPrefix: `${rootTag(root)}:` });
  if (chainsBefore) return;
  try {
    await removeFirewallChains();
  } catch (error) {
    // Another engine's rules arrived in Berth's chains meanwhile: theirs to remove.
    if (!(error instanceof RuntimeError && error.code === 'FIREWALL_IN_USE')) throw error;
  }
}

/** The tag the API derives from its state root for its cgroup parent and network owners. */
function rootTag(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 8);
}
