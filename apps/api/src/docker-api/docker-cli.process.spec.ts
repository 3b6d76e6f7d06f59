import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchServer, processesUsing, untilListening, type ServerProcess } from '../../test/server-process.js';

/**
 * The stock `docker` CLI (a real client, not a test double) against the built server's
 * Docker Engine API: over the unix socket, and over TCP with bearer tokens whose role and
 * the host-access policy apply exactly as on REST. Needs root (containers, the embedded
 * PostgreSQL's user) and the docker client at /usr/local/bin/docker or on PATH.
 */
const run = promisify(execFile);
const DOCKER = ['/usr/local/bin/docker', '/usr/bin/docker'].find((path) => spawnSync(path, ['--version']).status === 0);
const ADMIN_TOKEN = `berth_${'d'.repeat(43)}`;
if (!DOCKER) console.warn('docker-cli.process.spec: skipped, no docker client (/usr/local/bin/docker or docker.io)');

let root: string;
let server: ServerProcess | undefined;
let socket: string;
let tcp: string;
let restBase: string;

beforeAll(async () => {
  if (!DOCKER) return;
  root = mkdtempSync(join(tmpdir(), 'berth-docker-api-'));
  chmodSync(root, 0o755);
  socket = join(root, 'docker.sock');
  const [port, dockerPort] = [await freePort(), await freePort()];
  server = launchServer({
    BERTH_ROOT: join(root, 'state'),
    BERTH_PORT: String(port),
    DATABASE_URL: '',
    BERTH_ADMIN_TOKEN: ADMIN_TOKEN,
    BERTH_DOCKER_SOCKET: socket,
    BERTH_DOCKER_PORT: String(dockerPort),
  });
  await untilListening(server);
  restBase = `http://127.0.0.1:${port}/api/v1`;
  tcp = `tcp://127.0.0.1:${dockerPort}`;
}, 120_000);

afterAll(async () => {
  if (!server) return;
  server.child.kill('SIGTERM');
  await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  for (const pid of processesUsing(root)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
}, 30_000);

/** The docker CLI with its own config dir (so a test's token never leaks into another's). */
async function docker(args: string[], options: { host?: string; config?: string; input?: string } = {}) {
  const env = { ...process.env, DOCKER_HOST: options.host ?? `unix://${socket}`, DOCKER_CONFIG: options.config ?? join(root, 'no-config') };
  if (options.input !== undefined) {
    const result = spawnSync(DOCKER!, args, { env, input: options.input, timeout: 30_000, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  return run(DOCKER!, args, { env, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
}

/** A config dir whose HttpHeaders carry this token, as a user sets it up for TCP. */
function configWithToken(name: string, token: string): string {
  const dir = join(root, `config-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ HttpHeaders: { Authorization: `Bearer ${token}` } }));
  return dir;
}

async function createToken(role: 'viewer' | 'operator' | 'admin'): Promise<string> {
  const response = await fetch(`${restBase}/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `docker-${role}-${Date.now()}`, role }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

describe.skipIf(!DOCKER)('the docker CLI against Berth', () => {
  it('negotiates the version and reads info through the socket, which only root and the berth group may open', async () => {
    expect(statSync(socket).mode & 0o777).toBe(0o660);
    const version = await docker(['version', '--format', '{{.Server.APIVersion}} {{.Server.Os}}']);
    expect(version).toMatchObject({ code: 0, stdout: '1.43 linux\n' });
    const info = await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.OSType}} {{.Images}}']);
    expect(info.stdout).toMatch(/^inactive linux [1-9]\d*\n$/);
  });

  it('runs --rm containers: output on the right stream, the exit code, stdin, and nothing left behind', async () => {
    const output = await docker(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(output).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    const piped = await docker(['run', '-i', '--rm', '--network', 'none', 'busybox', 'cat'], { input: 'through stdin\n' });
    expect(piped).toMatchObject({ code: 0, stdout: 'through stdin\n' });
    const missing = await docker(['run', '--rm', '--network', 'none', 'busybox', 'no-such-program']);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toContain('not found');
    expect((await docker(['ps', '-aq'])).stdout).toBe('');
  });

  it('runs detached, lists, follows logs, inspects, stops and removes by name', async () => {
    const started = await docker([
      'run',
      '-d',
      '--name',
      'web',
      '--network',
      'none',
      '-e',
      'GREETING=hello',
      'busybox',
      'sh',
      '-c',
      'echo $GREETING; sleep 30',
    ]);
    expect(started.code, started.stderr).toBe(0);
    const id = started.stdout.trim();
    const ps = await docker(['ps', '--format', '{{.ID}} {{.Names}} {{.Status}}']);
    expect(ps.stdout).toMatch(new RegExp(`^${id.slice(0, 12)} web Up `));
    await expect.poll(async () => (await docker(['logs', 'web'])).stdout, { timeout: 10_000 }).toBe('hello\n');
    const inspect = JSON.parse((await docker(['inspect', 'web'])).stdout) as {
      Id: string;
      Name: string;
      State: { Running: boolean };
      Config: { Env: string[] };
    }[];
    expect(inspect[0]).toMatchObject({ Id: id, Name: '/web', State: { Running: true } });
    expect(inspect[0]!.Config.Env).toContain('GREETING=hello');
    expect(await docker(['stop', '-t', '1', 'web'])).toMatchObject({ code: 0, stdout: 'web\n' });
    const stopped = await docker(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}} {{.Status}}']);
    expect(stopped.stdout).toMatch(/^web Exited \(137\) /);
    expect(await docker(['rm', '-f', 'web'])).toMatchObject({ code: 0, stdout: 'web\n' });
    const gone = await docker(['inspect', 'web']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('No such');
  });

  it('over TCP needs a token, and applies its role and the host-access policy', async () => {
    const anonymous = await docker(['ps'], { host: tcp });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('UNAUTHENTICATED');
    const viewer = configWithToken('viewer', await createToken('viewer'));
    expect((await docker(['ps'], { host: tcp, config: viewer })).code).toBe(0);
    const refused = await docker(['run', '--rm', '--network', 'none', 'busybox', 'true'], { host: tcp, config: viewer });
    expect(refused.stderr).toContain('ROLE_REQUIRED');
    const operator = configWithToken('operator', await createToken('operator'));
    expect(await docker(['run', '--rm', '--network', 'none', 'busybox', 'echo', 'ok'], { host: tcp, config: operator })).toMatchObject({
      code: 0,
      stdout: 'ok\n',
    });
    const host = await docker(['run', '--rm', '--network', 'host', 'busybox', 'true'], { host: tcp, config: operator });
    expect(host.code).toBe(125);
    expect(host.stderr).toContain('HOST_ACCESS_DENIED');
  });
});
