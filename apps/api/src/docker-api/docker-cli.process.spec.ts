import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalRegistry } from '@berth/images/testing';
import Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCKER, startDockerHarness, type DockerCallOptions, type DockerHarness } from '../../test/docker-harness.js';
import { freePort } from '../../test/server-process.js';

/**
 * The stock `docker` CLI (a real client, not a test double) against the built server's
 * Docker Engine API: over the unix socket, and over TCP with bearer tokens whose role and
 * the host-access policy apply exactly as on REST. Needs root (containers, the embedded
 * PostgreSQL's user) and the docker client at /usr/local/bin/docker or on PATH.
 */
const run = promisify(execFile);
const ADMIN_TOKEN = `berth_${'d'.repeat(43)}`;
if (!DOCKER) console.warn('docker-cli.process.spec: skipped, no docker client (/usr/local/bin/docker or docker.io)');

let harness: DockerHarness | undefined;
let root: string;
let socket: string;
let tcp: string;
let restBase: string;

beforeAll(async () => {
  if (!DOCKER) return;
  harness = await startDockerHarness('docker-api', { adminToken: ADMIN_TOKEN, tcp: true });
  ({ root, socket, restBase } = harness);
  tcp = harness.tcp!;
}, 120_000);

afterAll(() => harness?.close(), 30_000);

const docker = (args: string[], options: DockerCallOptions = {}) => harness!.docker(args, options);

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
    // -it through a pty: the container's terminal follows the user's size.
    const terminal = spawnSync(
      'script',
      ['-qec', `stty rows 30 cols 100; ${DOCKER} run -it --rm --network none busybox sh -c 'sleep 1; stty size; exit 4'`, '/dev/null'],
      {
        env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: join(root, 'no-config') },
        input: '',
        timeout: 20_000,
        encoding: 'utf8',
      },
    );
    expect(terminal.stdout).toContain('30 100');
    expect(terminal.status).toBe(4);
    const missing = await docker(['run', '--rm', '--network', 'none', 'busybox', 'no-such-program']);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toContain('not found');
    expect((await docker(['ps', '-aq'])).stdout).toBe('');
  }, 60_000);

  it('runs detached, lists, reads logs, execs (plain, stdin, user, -it), tops, inspects, stops and removes by name', async () => {
    const since = String(Math.floor(Date.now() / 1000) - 1);
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
    expect(await docker(['exec', 'web', 'sh', '-c', 'echo in-exec; echo to-err >&2; exit 3'])).toEqual({ code: 3, stdout: 'in-exec\n', stderr: 'to-err\n' });
    expect(await docker(['exec', '-i', 'web', 'cat'], { input: 'piped\n' })).toMatchObject({ code: 0, stdout: 'piped\n' });
    expect((await docker(['exec', '-u', '1000:1000', 'web', 'id', '-u'])).stdout).toBe('1000\n');
    const terminal = spawnSync('script', ['-qec', `${DOCKER} exec -it web sh -c 'tty; echo $TERM'`, '/dev/null'], {
      env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: join(root, 'no-config') },
      input: '',
      timeout: 20_000,
      encoding: 'utf8',
    });
    expect(terminal.stdout).toMatch(/\/dev\/pts\/\d+\r?\nxterm\r?\n/);
    expect((await docker(['top', 'web'])).stdout).toContain('sleep 30');
    expect(await docker(['update', '--memory', '64m', '--memory-swap', '64m', 'web'])).toMatchObject({ code: 0, stdout: 'web\n' });
    expect((await docker(['exec', 'web', 'cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes'])).stdout).toBe(`${64 * 1024 * 1024}\n`);
    const stats = await docker(['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}} {{.MemUsage}}', 'web']);
    expect(stats.stdout, stats.stderr).toMatch(/^web [1-9]\d* \d/);
    expect(await docker(['stop', '-t', '1', 'web'])).toMatchObject({ code: 0, stdout: 'web\n' });
    const stopped = await docker(['ps', '-a', '--filter', 'status=exited', '--format', '{{.Names}} {{.Status}}']);
    expect(stopped.stdout).toMatch(/^web Exited \(137\) /);
    expect(await docker(['rm', '-f', 'web'])).toMatchObject({ code: 0, stdout: 'web\n' });
    const until = String(Math.floor(Date.now() / 1000) + 1);
    const events = await docker(['events', '--since', since, '--until', until, '--filter', 'container=web', '--format', '{{.Type}} {{.Action}}']);
    expect(events.stdout.split('\n').filter(Boolean)).toEqual(
      expect.arrayContaining(['container create', 'container start', 'container die', 'container destroy']),
    );
    const gone = await docker(['inspect', 'web']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('No such');
  }, 90_000);

  it('runs a two-service Compose project whose services reach each other by name, and takes it down leaving nothing', async () => {
    const project = join(root, 'compose-project');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'docker-compose.yml'),
      [
        'version: "3.8"',
        'services:',
        '  server:',
        '    image: busybox',
        '    command: ["sh", "-c", "mkdir -p /www && echo hello-from-server > /www/index.html && httpd -f -p 8000 -h /www"]',
        '    volumes: ["data:/data"]',
        '  client:',
        '    image: busybox',
        '    command: ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://server:8000/ && break; sleep 0.5; done; sleep 300"]',
        '    depends_on: [server]',
        'volumes:',
        '  data: {}',
        '',
      ].join('\n'),
    );
    const compose = (args: string[]) =>
      run('docker-compose', ['--no-ansi', '-p', 'demo', ...args], {
        cwd: project,
        env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: join(root, 'no-config') },
        timeout: 60_000,
      });
    await compose(['up', '-d']);
    const ps = (await compose(['ps'])).stdout;
    expect(ps).toMatch(/demo_server_1 .* Up/);
    expect(ps).toMatch(/demo_client_1 .* Up/);
    await expect.poll(async () => (await compose(['logs', '--no-color', 'client'])).stdout, { timeout: 15_000 }).toContain('hello-from-server');
    expect((await compose(['exec', '-T', 'server', 'cat', '/www/index.html'])).stdout).toBe('hello-from-server\n');
    await compose(['down', '-v', '--timeout', '1']);
    expect((await docker(['ps', '-aq', '--filter', 'label=com.docker.compose.project=demo'])).stdout).toBe('');
    expect((await docker(['network', 'ls', '--filter', 'name=demo_', '-q'])).stdout).toBe('');
    expect((await docker(['volume', 'ls', '-q'])).stdout).not.toContain('demo_data');
  }, 180_000);

  it('builds with the classic builder (DOCKER_BUILDKIT=0), tags, saves and loads, runs the result, and reports a failing build', async () => {
    const context = join(root, 'build-context');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'Dockerfile'), 'FROM busybox\nARG V=1\nLABEL tier=dockerfile\nRUN echo built-$V > /built\nCMD ["cat", "/built"]\n');
    writeFileSync(join(context, 'Broken.Dockerfile'), 'FROM busybox\nRUN exit 3\n');
    const build = (args: string[]) => docker(['build', ...args, context], { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 120_000 });
    const built = await build(['--build-arg', 'V=7', '--label', 'tier=web', '--label', 'team=a', '-t', 'myapp:1']);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/Successfully tagged myapp:1/);
    // --label wins over the Dockerfile's LABEL of the same key.
    expect(JSON.parse((await docker(['inspect', '--format', '{{json .Config.Labels}}', 'myapp:1'])).stdout)).toEqual({ tier: 'web', team: 'a' });
    expect(await docker(['run', '--rm', '--network', 'none', 'myapp:1'])).toMatchObject({ code: 0, stdout: 'built-7\n' });
    const imageId = (await docker(['inspect', '--format', '{{.Id}}', 'myapp:1'])).stdout.trim();
    const history = (await docker(['history', '--no-trunc', '--format', '{{.ID}}|{{.CreatedBy}}', 'myapp:1'])).stdout.split('\n').filter(Boolean);
    expect(history[0]).toMatch(new RegExp(`^${imageId}\\|.*CMD`));
    expect(history.some((line) => /^<missing>\|.*RUN .*echo built-\$V/.test(line))).toBe(true);
    expect((await docker(['tag', 'myapp:1', 'myapp:2'])).code).toBe(0);
    expect((await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout).toContain('myapp:2');
    expect((await docker(['rmi', 'myapp:2'])).stdout).toContain('Untagged');
    const archive = join(root, 'myapp.tar');
    expect((await docker(['save', '-o', archive, 'myapp:1'])).code).toBe(0);
    expect((await docker(['rmi', 'myapp:1'])).code).toBe(0);
    expect((await docker(['load', '-i', archive])).stdout).toMatch(/sha256:[0-9a-f]{64}|Loaded image: myapp:1/);
    expect(await docker(['run', '--rm', '--network', 'none', 'myapp:1'])).toMatchObject({ code: 0, stdout: 'built-7\n' });
    const pruned = await docker(['image', 'prune', '-f']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('Total reclaimed space');
    const broken = await build(['-f', join(context, 'Broken.Dockerfile'), '-t', 'broken:1']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/exit|3/);
  }, 180_000);

  it("pushes to and pulls from a registry the test starts (Debian's docker-registry on loopback)", async () => {
    const registry = await startLocalRegistry(join(root, 'registry'));
    try {
      const name = `${registry.host}/team/bb:1`;
      expect((await docker(['tag', 'busybox', name])).code).toBe(0);
      const pushed = await docker(['push', name]);
      expect(pushed.code, pushed.stderr).toBe(0);
      expect(pushed.stdout).toMatch(/1: digest: sha256:[0-9a-f]{64}/);
      expect((await docker(['rmi', name])).code).toBe(0);
      const pulled = await docker(['pull', name]);
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(await docker(['run', '--rm', '--network', 'none', name, 'echo', 'pulled'])).toMatchObject({ code: 0, stdout: 'pulled\n' });
      const missing = await docker(['pull', `${registry.host}/team/nothing:1`]);
      expect(missing.code).not.toBe(0);
    } finally {
      await registry.stop();
    }
  }, 120_000);

  it('publishes a port on a bridge network (-p), reachable from the host', async () => {
    const port = await freePort();
    const started = await docker([
      'run',
      '-d',
      '--name',
      'published',
      '-p',
      `127.0.0.1:${port}:8000`,
      'busybox',
      'sh',
      '-c',
      'echo published > /index.html && httpd -f -p 8000 -h /',
    ]);
    expect(started.code, started.stderr).toBe(0);
    expect((await docker(['ps', '--format', '{{.Ports}}', '--filter', 'name=published'])).stdout).toBe(`127.0.0.1:${port}->8000/tcp\n`);
    await expect
      .poll(
        async () =>
          await fetch(`http://127.0.0.1:${port}/index.html`).then(
            (response) => response.text(),
            () => '',
          ),
        { timeout: 10_000 },
      )
      .toBe('published\n');
    expect((await docker(['rm', '-f', 'published'])).code).toBe(0);
  }, 60_000);

  it('drives the same lifecycle through dockerode, the Node SDK', async () => {
    const sdk = new Docker({ socketPath: socket });
    expect((await sdk.ping()).toString()).toBe('OK');
    const container = await sdk.createContainer({
      Image: 'busybox',
      name: 'sdk',
      Cmd: ['sh', '-c', 'echo from-sdk; echo oops >&2; exit 5'],
      HostConfig: { NetworkMode: 'none' },
    });
    const waited = container.wait({ condition: 'next-exit' });
    await container.start();
    expect(await waited).toMatchObject({ StatusCode: 5 });
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    const chunks = { out: '', err: '' };
    stdout.on('data', (chunk: Buffer) => (chunks.out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (chunks.err += chunk.toString()));
    sdk.modem.demuxStream(new PassThrough().end(logs), stdout, stderr);
    await expect.poll(() => chunks).toEqual({ out: 'from-sdk\n', err: 'oops\n' });
    const inspected = await container.inspect();
    expect(inspected.State).toMatchObject({ Status: 'exited', ExitCode: 5, Running: false });
    expect((await sdk.listContainers({ all: true, filters: { name: ['sdk'] } })).map((item) => item.Names)).toEqual([['/sdk']]);
    await container.remove();
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  }, 60_000);

  it('prunes stopped containers and idle networks, keeping running containers and the networks they are on', async () => {
    for (const name of ['prune-used', 'prune-idle']) expect((await docker(['network', 'create', name])).code).toBe(0);
    expect((await docker(['run', '-d', '--name', 'prune-keeper', '--network', 'prune-used', 'busybox', 'sleep', '30'])).code).toBe(0);
    const exited = await docker(['run', '--name', 'prune-exited', '--network', 'none', 'busybox', 'sh', '-c', 'head -c 20000 /dev/zero > /left-behind']);
    expect(exited.code, exited.stderr).toBe(0);
    const created = (await docker(['create', '--name', 'prune-created', '--network', 'none', 'busybox', 'true'])).stdout.trim();
    const exitedId = (await docker(['inspect', '--format', '{{.Id}}', 'prune-exited'])).stdout.trim();

    const containers = await docker(['container', 'prune', '-f']);
    expect(containers.code, containers.stderr).toBe(0);
    expect(containers.stdout).toContain(`Deleted Containers:\n`);
    expect(containers.stdout).toContain(exitedId);
    expect(containers.stdout).toContain(created);
    expect(containers.stdout).toMatch(/Total reclaimed space: (\d+(\.\d+)?kB|\d+(\.\d+)?MB)/);
    const left = (await docker(['ps', '-a', '--format', '{{.Names}}'])).stdout.split('\n');
    expect(left).toContain('prune-keeper');
    expect(left).not.toContain('prune-exited');
    expect(left).not.toContain('prune-created');

    const networks = await docker(['network', 'prune', '-f']);
    expect(networks.code, networks.stderr).toBe(0);
    expect(networks.stdout).toContain('prune-idle');
    expect(networks.stdout).not.toContain('prune-used');
    const names = (await docker(['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n');
    expect(names).toContain('prune-used');
    expect(names).not.toContain('prune-idle');

    expect((await docker(['rm', '-f', 'prune-keeper'])).code).toBe(0);
    expect((await docker(['network', 'rm', 'prune-used'])).code).toBe(0);
  }, 60_000);

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
  }, 60_000);
});
