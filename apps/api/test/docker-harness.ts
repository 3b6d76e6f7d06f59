import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, launchServer, processesUsing, untilListening, type ServerProcess } from './server-process.js';

const run = promisify(execFile);

/** The stock docker client: Docker's static CLI where it is installed by hand, else Debian's. */
export const DOCKER = ['/usr/local/bin/docker', '/usr/bin/docker'].find((path) => spawnSync(path, ['--version']).status === 0);

export interface DockerResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface DockerCallOptions {
  /** `DOCKER_HOST`; the harness's socket by default. */
  host?: string;
  /** `DOCKER_CONFIG`; an empty one of the harness's by default, so no test's token leaks into another's. */
  config?: string;
  /** Written to the client's stdin. */
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * The built server with its Docker listeners on a state root of its own (the embedded
 * PostgreSQL in there too), and the stock docker CLI pointed at it: what the Docker API's
 * process specs drive. Needs root.
 */
export interface DockerHarness {
  root: string;
  socket: string;
  /** `http://127.0.0.1:PORT/api/v1`. */
  restBase: string;
  /** `tcp://127.0.0.1:PORT` when asked for. */
  tcp?: string;
  adminToken?: string;
  server(): ServerProcess;
  docker(args: string[], options?: DockerCallOptions): Promise<DockerResult>;
  /** Stops the server (SIGTERM, up to 15 s); `start` starts it again on the same state root, its catalogue kept. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startDockerHarness(name: string, options: { adminToken?: string; tcp?: boolean } = {}): Promise<DockerHarness> {
  const root = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  chmodSync(root, 0o755);
  const socket = join(root, 'docker.sock');
  const [port, tcpPort] = [await freePort(), options.tcp ? await freePort() : undefined];
  const env: Record<string, string> = { BERTH_ROOT: join(root, 'state'), BERTH_PORT: String(port), DATABASE_URL: '', BERTH_DOCKER_SOCKET: socket };
  if (options.adminToken) env['BERTH_ADMIN_TOKEN'] = options.adminToken;
  if (tcpPort) env['BERTH_DOCKER_PORT'] = String(tcpPort);
  // The TCP listener opens after the socket: waiting for the last one waits for both.
  const lastListener = tcpPort ? 'Docker Engine API on tcp://' : 'Docker Engine API on unix://';
  let server = await launchWithDocker(env, lastListener);
  const stop = async () => {
    server.child.kill('SIGTERM');
    await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  };
  return {
    root,
    socket,
    restBase: `http://127.0.0.1:${port}/api/v1`,
    tcp: tcpPort ? `tcp://127.0.0.1:${tcpPort}` : undefined,
    adminToken: options.adminToken,
    server: () => server,
    docker: (args, callOptions = {}) => dockerCli(args, { host: `unix://${socket}`, config: join(root, 'no-config'), ...callOptions }),
    stop,
    start: async () => {
      server = await launchWithDocker(env, lastListener);
    },
    close: async () => {
      await stop();
      for (const pid of processesUsing(root)) process.kill(pid, 'SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function launchWithDocker(env: Record<string, string>, listener: string): Promise<ServerProcess> {
  const server = launchServer(env);
  await untilListening(server);
  // The Docker listeners open right after the REST port.
  for (const deadline = Date.now() + 30_000; !server.output().includes(listener);) {
    if (Date.now() > deadline || server.child.exitCode !== null) throw new Error(`no Docker API listener: ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}

/** One docker CLI call: its exit code and output, a failure being an answer rather than a throw. */
async function dockerCli(args: string[], options: DockerCallOptions & { host: string; config: string }): Promise<DockerResult> {
  const env = { ...process.env, DOCKER_HOST: options.host, DOCKER_CONFIG: options.config, ...options.env };
  const timeout = options.timeoutMs ?? 30_000;
  if (options.input !== undefined) {
    const result = spawnSync(DOCKER!, args, { env, input: options.input, timeout, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  return run(DOCKER!, args, { env, timeout }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
}
