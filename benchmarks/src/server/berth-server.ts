import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeFirewallChains, RuntimeError, sweepNetwork } from '@berth/runtime';
import { freeLoopbackPort } from '../peers/free-port.js';
import { killProcessesUsing } from '../peers/processes-using.js';
import { unmountUnder } from '../peers/unmount-under.js';
import { delay, settlesWithin } from '../peers/wait.js';

/** The built server, started the way `npm start` starts it. Benchmarks may not import apps, so it runs as a process. */
const MAIN = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

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
 * Starts `node apps/api/dist/main.js` on a fresh state root and a free loopback port, and
 * waits for its "listening on" line. The database is its embedded PostgreSQL under the root,
 * or DATABASE_URL when the environment sets one. A fresh root gets busybox:latest seeded from
 * Debian's busybox-static.
 */
export async function startBerthServer(log: (line: string) => void): Promise<BerthServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the API first (npx nx run @berth/api:build)`);
  const root = await mkdtemp(join(tmpdir(), 'berth-bench-api-'));
  chmodSync(root, 0o755); // the embedded cluster runs as berth-postgres, which must enter the root
  const port = await freeLoopbackPort();
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  // A fresh token per server: the API requires a bearer token on everything but its probes.
  const token = `berth_bench_${randomBytes(24).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERTH_ROOT: root,
    BERTH_HOST: '127.0.0.1',
    BERTH_PORT: String(port),
    // One log line per request would put pino's work into every sample; warnings still show.
    BERTH_LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    BERTH_ADMIN_TOKEN: token,
    // The list subject fills one team's catalogue with 1,000 containers beside the other subjects'.
    BERTH_TEAM_MAX_CONTAINERS: '0',
    // Its own Docker API socket, never the host's /run/berth/docker.sock.
    BERTH_DOCKER_SOCKET: join(root, 'docker.sock'),
  };
  delete env['BERTH_SEED_IMAGES']; // the suite needs the seeded busybox
  // Publishing a port creates Berth's firewall chains; they go again at stop unless they were there before.
  const chainsBefore = execFileSync('iptables-save', { encoding: 'utf8' }).includes(':BERTH-NAT ');
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep only the end of the output: enough for an error message, never a growing buffer.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_384));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await settlesWithin(exited, STOP_TIMEOUT_MS);
      if (!stopped) {
        log(`the API server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM: killing it`);
        child.kill('SIGKILL');
        await exited;
      }
    }
    killProcessesUsing(root, log); // the embedded PostgreSQL runs with -D <root>/postgres/data
    killContainersOf(root, log);
    await removeNetworkOf(root, chainsBefore);
    unmountUnder(root);
    await rm(root, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!output.includes('listening on')) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the API server exited while starting: ${lastLines(output)}`);
      if (Date.now() > deadline) throw new Error(`the API server was not listening after ${START_TIMEOUT_MS / 1000} s: ${lastLines(output)}`);
      await delay(50);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    api: `http://127.0.0.1:${port}/api/v1`,
    root,
    token,
    dockerSocket: join(root, 'docker.sock'),
    database: databaseUrl ? 'DATABASE_URL' : 'embedded PostgreSQL',
    startupMs: performance.now() - started,
    stop,
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

/** The server's own words ("berth: …" lines, which name the failure) rather than the end of a stack trace. */
function lastLines(output: string): string {
  const lines = output.trim().split('\n');
  const own = lines.filter((line) => line.startsWith('berth: '));
  return (own.length > 0 ? own : lines).slice(-2).join(' | ').slice(0, 600) || '(no output)';
}
