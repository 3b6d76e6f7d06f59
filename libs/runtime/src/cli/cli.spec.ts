import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OCI_VERSION } from '../model/oci-spec.js';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { main } from './main.js';

/** The CLI in-process, with captured stdio: runc's verbs, outputs and exit codes. */
describe('berth-runtime CLI (real kernel)', () => {
  let fx: RuntimeFixture;
  useRuntimeFixture((fixture) => (fx = fixture));

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return cliWithInput('', ...args);
  }

  async function cliWithInput(input: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const stdin = Readable.from(input ? [input] : []) as Readable & { isTTY?: boolean };
    const code = await main(['node', 'berth-runtime', '--root', fx.root, ...args], { stdout, stderr, stdin });
    return { code, stdout: out, stderr: err };
  }

  it('spec writes a default config.json and refuses to overwrite it', async () => {
    const dir = join(fx.root, 'spec-bundle');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    expect(await cli('spec', '--bundle', dir)).toMatchObject({ code: 0 });
    const spec = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(spec).toMatchObject({ ociVersion: OCI_VERSION, root: { path: 'rootfs' }, process: { args: ['sh'] } });
    expect(await cli('spec', '--bundle', dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth-runtime: SPEC_EXISTS: /) });
  });

  it('create --privileged is reported by state and list; --userns-remap uses BERTH_SUBUID_FILE; both together are refused', async () => {
    await fx.bundle.writeSpec(['sleep', '30']);
    expect(await cli('create', '--bundle', fx.bundle.dir, '--privileged', 'cli-priv')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await cli('state', 'cli-priv')).stdout).annotations).toEqual({ 'berth.privileged': 'true' });
    const listed = JSON.parse((await cli('list', '--format', 'json')).stdout) as { id: string; annotations: Record<string, string> }[];
    expect(listed.find((c) => c.id === 'cli-priv')?.annotations).toEqual({ 'berth.privileged': 'true' });

    const dir = await mkdtemp(join(tmpdir(), 'berth-cli-subid-'));
    const saved = { uid: process.env['BERTH_SUBUID_FILE'], gid: process.env['BERTH_SUBGID_FILE'] };
    try {
      process.env['BERTH_SUBUID_FILE'] = join(dir, 'subuid');
      process.env['BERTH_SUBGID_FILE'] = join(dir, 'subgid');
      expect(await cli('create', '--bundle', fx.bundle.dir, '--userns-remap', 'cli-remap')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(JSON.parse((await cli('state', 'cli-remap')).stdout).annotations).toEqual({ 'berth.userns-remap': '100000:100000:65536' });
      expect(await readFile(join(dir, 'subuid'), 'utf8')).toBe('berth:100000:65536\n');
      expect(await cli('create', '--bundle', fx.bundle.dir, '--userns-remap', '--privileged', 'cli-both')).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^berth-runtime: INVALID_ARGUMENT: privileged and userns remapping cannot be combined/),
      });
    } finally {
      for (const [key, value] of [
        ['BERTH_SUBUID_FILE', saved.uid],
        ['BERTH_SUBGID_FILE', saved.gid],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('create, state, list, ps, start, kill, delete', async () => {
    await fx.bundle.writeSpec(['sh', '-c', 'trap "echo bye >&2; exit 7" TERM; echo ready; while :; do sleep 0.05; done']);
    const pidFile = join(fx.root, 'cli.pid');
    // As containerd's shim runs it: the container keeps create's stdio, create prints nothing of its own.
    const created1 = await spawnCli(['--root', fx.root, 'create', '--bundle', fx.bundle.dir, '--pid-file', pidFile, 'cli-1']);
    expect(created1.code).toBe(0);
    expect(created1.output()).toEqual({ stdout: '', stderr: '', fd3: '' });

    const created = JSON.parse((await cli('state', 'cli-1')).stdout);
    expect(created).toEqual({ ociVersion: OCI_VERSION, id: 'cli-1', status: 'created', pid: expect.any(Number), bundle: fx.bundle.dir });
    expect(Number(await readFile(pidFile, 'utf8'))).toBe(created.pid);

    const table = (await cli('list')).stdout.split('\n');
    expect(table[0]).toMatch(/^ID\s+PID\s+STATUS\s+BUNDLE\s+CREATED\s+OWNER$/);
    expect(table[1]).toMatch(new RegExp(`^cli-1\\s+${created.pid}\\s+created\\s+${fx.bundle.dir}\\s+\\S+\\s+root$`));
    expect(JSON.parse((await cli('ps', '--format', 'json', 'cli-1')).stdout)).toEqual([created.pid]);

    expect((await cli('start', 'cli-1')).code).toBe(0);
    expect(JSON.parse((await cli('list', '--format', 'json')).stdout)).toMatchObject([{ id: 'cli-1', status: 'running', pid: created.pid }]);
    expect(await cli('start', 'cli-1')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: INVALID_STATUS: cannot start container cli-1: it is running/),
    });
    expect(await cli('delete', 'cli-1')).toMatchObject({ code: 1, stderr: expect.stringMatching(/INVALID_STATUS/) });

    // A namespace's PID 1 drops signals it has no handler for: wait until the trap is set.
    await waitFor(async () => created1.output().stdout === 'ready\n');
    expect((await cli('kill', 'cli-1', 'TERM')).code).toBe(0);
    // Its exit status went to create's subreaper; Berth records only that it ended.
    expect(await fx.runtime.wait('cli-1', 10_000)).toMatchObject({ exitCode: -1, reapedByCaller: true });
    await waitFor(async () => created1.output().stderr === 'bye\n');
    expect(JSON.parse((await cli('state', 'cli-1')).stdout)).toEqual({ ociVersion: OCI_VERSION, id: 'cli-1', status: 'stopped', bundle: fx.bundle.dir });
    // runc's words, which containerd's shim reads as "already finished".
    expect(await cli('kill', 'cli-1')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: INVALID_STATUS: cannot kill container cli-1: it is stopped; .* \(container not running\)\n$/),
    });

    expect(await cli('delete', 'cli-1')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await cli('list', '-q')).stdout).toBe('');
    expect(existsSync(join(fx.root, 'cli-1'))).toBe(false);
  });

  it('run in the foreground relays output and exits with the container exit code, then deletes it', async () => {
    await fx.bundle.writeSpec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(await cli('run', '--bundle', fx.bundle.dir, 'cli-run')).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect((await cli('list', '-q')).stdout).toBe('');
  });

  it('run --detach, exec, kill --all and delete --force', async () => {
    await fx.bundle.writeSpec(['sleep', '30']);
    expect((await cli('run', '-d', '--bundle', fx.bundle.dir, 'cli-d')).code).toBe(0);
    expect(JSON.parse((await cli('state', 'cli-d')).stdout).status).toBe('running');
    expect((await cli('kill', '--all', 'cli-d', 'KILL')).code).toBe(0);
    expect(await fx.runtime.wait('cli-d', 10_000)).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
    expect((await cli('delete', '--force', 'cli-d')).code).toBe(0);
  });

  it("pause, resume, update and events --stats, with runc's names", async () => {
    await fx.bundle.writeSpec(['sleep', '30']);
    expect((await cli('run', '-d', '--bundle', fx.bundle.dir, 'cli-p')).code).toBe(0);
    expect(await cli('pause', 'cli-p')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await cli('state', 'cli-p')).stdout)).toMatchObject({ status: 'paused', pid: expect.any(Number) });
    expect(JSON.parse((await cli('list', '--format', 'json')).stdout)).toMatchObject([{ id: 'cli-p', status: 'paused' }]);
    expect((await cli('resume', 'cli-p')).code).toBe(0);
    expect(JSON.parse((await cli('state', 'cli-p')).stdout).status).toBe('running');

    const resources = join(fx.root, 'resources.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(resources, JSON.stringify({ pids: { limit: 99 } })));
    expect(await cli('update', '--memory', '100m', '--cpus', '0.5', '--resources', resources, 'cli-p')).toEqual({ code: 0, stdout: '', stderr: '' });
    const events = JSON.parse((await cli('events', '--stats', 'cli-p')).stdout);
    expect(events).toMatchObject({ type: 'stats', id: 'cli-p', data: { memory: { limit: 100 * 1024 * 1024 }, pids: { current: 1, limit: 99 } } });
    expect(await cli('update', '--memory', 'lots', 'cli-p')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: INVALID_ARGUMENT: --memory: /),
    });
    expect((await cli('delete', '--force', 'cli-p')).code).toBe(0);
  });

  it('create --preserve-fds 1: fd 3 crosses into the container beside the inherited stdio', async () => {
    await fx.bundle.writeSpec(['sh', '-c', 'echo to-fd3 >&3; echo to-out; echo to-err >&2']);
    const created = await spawnCli(['--root', fx.root, 'create', '--preserve-fds', '1', '--bundle', fx.bundle.dir, 'cli-fds']);
    expect(created.code).toBe(0);
    expect((await cli('start', 'cli-fds')).code).toBe(0);
    await waitFor(async () => created.output().stderr === 'to-err\n' && created.output().fd3 === 'to-fd3\n');
    expect(created.output()).toEqual({ stdout: 'to-out\n', stderr: 'to-err\n', fd3: 'to-fd3\n' });
    await waitFor(async () => JSON.parse((await cli('state', 'cli-fds')).stdout).status === 'stopped');
    expect((await cli('delete', 'cli-fds')).code).toBe(0);
  });

  it('update --resources - and --resources=- read LinuxResources JSON from stdin, as containerd sends it', async () => {
    await fx.bundle.writeSpec(['sleep', '30']);
    expect((await cli('run', '-d', '--bundle', fx.bundle.dir, 'cli-u')).code).toBe(0);
    expect(await cliWithInput(JSON.stringify({ pids: { limit: 77 } }), 'update', '--resources', '-', 'cli-u')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await cli('events', '--stats', 'cli-u')).stdout)).toMatchObject({ data: { pids: { limit: 77 } } });
    expect(await cliWithInput(JSON.stringify({ pids: { limit: 78 } }), 'update', '--resources=-', 'cli-u')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await cli('events', '--stats', 'cli-u')).stdout)).toMatchObject({ data: { pids: { limit: 78 } } });
    expect(await cliWithInput('{not json', 'update', '--resources=-', 'cli-u')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: INVALID_ARGUMENT: --resources -: /),
    });
    expect((await cli('delete', '--force', 'cli-u')).code).toBe(0);
  });

  it('features prints what the runtime supports; --version names it and its spec', async () => {
    const features = JSON.parse((await cli('features')).stdout);
    expect(features).toMatchObject({
      ociVersionMin: '1.0.0',
      ociVersionMax: OCI_VERSION,
      hooks: ['prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop'],
      linux: { cgroup: { v1: true, v2: true } },
    });
    expect(features.linux.namespaces).toEqual(expect.arrayContaining(['mount', 'uts', 'network', 'pid', 'ipc', 'user', 'cgroup']));
    expect(features.linux.namespaces).not.toContain('time');
    expect(features.linux.capabilities).toContain('CAP_SYS_ADMIN');
    expect(features.linux.seccomp.actions).toContain('SCMP_ACT_ERRNO');
    expect((await cli('--version')).stdout).toMatch(new RegExp(`^berth-runtime version \\S+\nspec: ${OCI_VERSION.replace(/\./g, '\\.')}\n$`));
  });

  it("runc's global flags: --log FILE --log-format json gets each error as a JSON line; the others are accepted", async () => {
    const log = join(fx.root, 'log.json');
    const globals = ['--log', log, '--log-format', 'json', '--systemd-cgroup', '--debug', '--rootless=false'];
    expect(await cli(...globals, 'state', 'nope')).toMatchObject({ code: 1, stderr: 'berth-runtime: CONTAINER_NOT_FOUND: container nope does not exist\n' });
    expect(await cli(...globals, 'frobnicate')).toMatchObject({ code: 1 });
    const lines = (await readFile(log, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { level: 'error', msg: 'berth-runtime: CONTAINER_NOT_FOUND: container nope does not exist', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      { level: 'error', msg: expect.stringMatching(/unknown command 'frobnicate'/), time: expect.any(String) },
    ]);
    expect(await cli('--rootless', 'true', 'list')).toMatchObject({ code: 1, stderr: expect.stringMatching(/--rootless/) });
  });

  it('prints errors as "berth-runtime: CODE: message" with exit 1', async () => {
    expect(await cli('state', 'nope')).toEqual({ code: 1, stdout: '', stderr: 'berth-runtime: CONTAINER_NOT_FOUND: container nope does not exist\n' });
    expect(await cli('create', '--bundle', '/no/such/bundle', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: BUNDLE_NOT_FOUND: /),
    });
    expect(await cli('create', '--console-socket', '/tmp/s', '--bundle', fx.bundle.dir, 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: INVALID_ARGUMENT: --console-socket needs process.terminal true/),
    });
    expect(await cli('run', '--console-socket', '/tmp/s', '--bundle', fx.bundle.dir, 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^berth-runtime: NOT_SUPPORTED: --console-socket is only for create/),
    });
    expect(await cli('kill', 'x', 'SIGNOPE')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth-runtime: INVALID_SIGNAL: /) });
    expect(await cli('create', 'bad/id')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^berth-runtime: INVALID_ID: /) });
  });
});

/**
 * The CLI as a separate process (bin/berth-runtime) with its stdout and stderr on pipes, which a
 * created container keeps: `code` is the CLI's, `output()` what arrived so far from either.
 */
async function spawnCli(args: string[]): Promise<{ code: number | null; output(): { stdout: string; stderr: string; fd3: string } }> {
  // fd 3 too, for --preserve-fds 1.
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let fd3 = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const extra = child.stdio[3] as unknown as Socket;
  extra.on('data', (chunk: Buffer) => (fd3 += chunk.toString()));
  extra.unref();
  // 'exit', not 'close': the container holds the pipes open after the CLI is gone.
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  // The pipes are sockets: do not let the container's copies keep the test process alive.
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as Socket).unref();
  return { code, output: () => ({ stdout, stderr, fd3 }) };
}

const BIN = fileURLToPath(new URL('../../bin/berth-runtime', import.meta.url));

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
