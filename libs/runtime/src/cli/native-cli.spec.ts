import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';
import { PROGRAM_STORE_DIR } from '../native/program-store.js';
import { main } from './main.js';

const NATIVE = fileURLToPath(new URL('../../native/build/berth-runtime', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../build/bin/berth-runtime.cjs', import.meta.url));

interface Answer {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The native fast path against the TypeScript CLI (the reference), on the same real containers:
 * every answer — output, error line, exit status — must be the same. The native binary runs
 * with a PATH holding only ps(1), so a command it handed to Node would fail here instead of
 * passing unnoticed: each comparison below really exercises the C path.
 */
describe('berth-runtime native fast path = TypeScript CLI (real kernel)', () => {
  let fx: RuntimeFixture;
  let pathDir: string;
  useRuntimeFixture((fixture) => (fx = fixture));
  beforeAll(() => {
    pathDir = mkdtempSync(join(tmpdir(), 'berth-native-path-'));
    for (const dir of ['/usr/bin', '/bin']) {
      if (existsSync(`${dir}/ps`)) {
        symlinkSync(`${dir}/ps`, join(pathDir, 'ps'));
        break;
      }
    }
  });
  afterAll(() => rmSync(pathDir, { recursive: true, force: true }));

  /**
   * Output goes through files, not pipes: a created container keeps its caller's stdio (runc's
   * model), and a pipe it holds would keep spawnSync waiting for its end.
   */
  function native(args: string[], env: NodeJS.ProcessEnv = { PATH: pathDir }): Answer {
    const out = join(pathDir, 'stdout');
    const err = join(pathDir, 'stderr');
    const fds = [openSync(out, 'w'), openSync(err, 'w')] as const;
    try {
      const result = spawnSync(NATIVE, ['--root', fx.root, ...args], { stdio: ['ignore', fds[0], fds[1]], env, timeout: 20_000 });
      expect(result.error).toBeUndefined();
      return { code: result.status ?? -1, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  }

  async function reference(args: string[]): Promise<Answer> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await main(['node', 'berth-runtime', '--root', fx.root, ...args], { stdout, stderr, stdin: Readable.from([]) });
    return { code, stdout: out, stderr: err };
  }

  /** Native first: it records nothing, while the reference may save a refreshed status. */
  async function same(...args: string[]): Promise<Answer> {
    const fast = native(args);
    expect(fast).toEqual(await reference(args));
    return fast;
  }

  async function create(name: string, patch?: Parameters<RuntimeFixture['bundle']['writeSpec']>[1]): Promise<string> {
    const id = fx.id(name);
    await fx.bundle.writeSpec(['sleep', '60'], patch);
    expect(await reference(['create', '--bundle', fx.bundle.dir, id])).toMatchObject({ code: 0 });
    return id;
  }

  it('--version, and an unknown container', async () => {
    expect(await same('--version')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^berth-runtime version \S+\nspec: \S+\n$/) });
    expect(await same('state', 'no-such')).toMatchObject({ code: 1, stderr: 'berth-runtime: CONTAINER_NOT_FOUND: container no-such does not exist\n' });
    await same('kill', 'no-such', 'KILL');
    await same('delete', 'no-such');
    await same('ps', 'no-such');
  });

  it('--log FILE --log-format json: the same JSON error line from the native path and the reference', async () => {
    const log = join(fx.root, 'native-log.json');
    const globals = ['--log', log, '--log-format=json', '--systemd-cgroup', '--debug', '--rootless', 'false'];
    expect(native([...globals, 'kill', 'no-such', '9'])).toMatchObject({
      code: 1,
      stderr: 'berth-runtime: CONTAINER_NOT_FOUND: container no-such does not exist\n',
    });
    expect(await reference([...globals, 'kill', 'no-such', '9'])).toMatchObject({ code: 1 });
    const lines = (await readFile(log, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toEqual({ level: 'error', msg: 'berth-runtime: CONTAINER_NOT_FOUND: container no-such does not exist', time: expect.any(String) });
      expect(Number.isNaN(Date.parse(line.time!))).toBe(false);
    }
  });

  it('state, start, ps, kill and delete through one lifecycle', async () => {
    const id = await create('native-life', (spec) => {
      spec.annotations = { 'org.example/quote': 'say "hi"\tand\nleave\\', '2': 'numeric keys come first', é: 'ü' };
    });
    expect(JSON.parse((await same('state', id)).stdout)).toMatchObject({ status: 'created', annotations: { '2': 'numeric keys come first' } });
    await same('ps', '--format', 'json', id);
    await same('delete', id);

    expect(native(['start', id])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await same('state', id)).stdout)).toMatchObject({ status: 'running', pid: expect.any(Number) });
    await same('start', id);
    expect(JSON.parse((await same('ps', '-f', 'json', id)).stdout)).toHaveLength(1);
    expect((await same('ps', id)).stdout).toMatch(/^\s*UID\s+PID.*\n.*sleep 60\n$/);
    await same('ps', id, '-o', 'pid,comm');

    expect(native(['kill', id, 'KILL'])).toEqual({ code: 0, stdout: '', stderr: '' });
    await waitFor(async () => JSON.parse(native(['state', id]).stdout).status === 'stopped');
    await same('state', id);
    await same('kill', id);
    await same('ps', '-f', 'json', id);

    expect(native(['delete', id])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(fx.root, id))).toBe(false);
    await same('state', id);
  });

  it('a paused container, and delete --force of a running one', async () => {
    const id = await create('native-pause');
    expect(await reference(['start', id])).toMatchObject({ code: 0 });
    expect(await reference(['pause', id])).toMatchObject({ code: 0 });
    expect(JSON.parse((await same('state', id)).stdout).status).toBe('paused');
    expect(await reference(['resume', id])).toMatchObject({ code: 0 });
    await same('delete', id);
    expect(native(['delete', '--force', id])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(fx.root, id))).toBe(false);
  });

  it('never believes a state.txt that lags its state.json: the reference answers', async () => {
    const id = await create('native-stale');
    const sidecar = join(fx.root, id, 'state.txt');
    copyFileSync(sidecar, `${sidecar}.created`);
    expect(await reference(['start', id])).toMatchObject({ code: 0 });
    copyFileSync(`${sidecar}.created`, sidecar); // says "created" of a state.json that says "running"
    // Without node on PATH the hand-over fails, which shows the C side did not answer itself.
    expect(native(['state', id])).toMatchObject({ code: 1, stderr: expect.stringContaining('running node for the TypeScript CLI') });
    expect(native(['state', id], { PATH: process.env['PATH'] })).toEqual(await reference(['state', id]));
  });

  it('hands every other command line to the TypeScript CLI unchanged', async () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const id = await create('native-refer');
    const viaNode = (args: string[]) => native(args, { PATH: process.env['PATH'] });
    for (const args of [['list', '--format', 'json'], ['state', '--bogus', id], ['kill', id, '0x1'], ['kill', id, 'SIGRTMIN+1', 'extra'], ['frobnicate']]) {
      expect(viaNode(args)).toEqual(await reference(args));
    }
  });

  /** A container's files with its id (and what varies per process) taken out, for comparing two containers. */
  function leftBehind(id: string) {
    const dir = join(fx.root, id);
    const read = (name: string) => readFileSync(join(dir, name), 'utf8').replaceAll(id, 'ID');
    const state = JSON.parse(read('state.json')) as Record<string, unknown>;
    for (const key of ['created', 'shim', 'init']) expect(state[key]).toBeDefined();
    delete state['created'];
    delete state['shim'];
    delete state['init'];
    const sidecar = read('state.txt')
      .split('\n')
      .filter((line) => !/^(json|init|shim)\t/.test(line));
    return { plan: read('plan'), config: read('config.json'), state, sidecar, seccomp: readFileSync(join(dir, 'seccomp.bpf')) };
  }

  /** The container's directory in the v1 hierarchy of `controller`; undefined on a v2 host. */
  function cgroupDir(id: string, controller: string): string | undefined {
    const state = JSON.parse(readFileSync(join(fx.root, id, 'state.json'), 'utf8')) as { cgroup: { v1?: { dirs: { controllers: string[]; path: string }[] } } };
    return state.cgroup.v1?.dirs.find((dir) => dir.controllers.includes(controller))?.path;
  }

  it('create: the native path leaves exactly what the reference leaves, and the container runs', async () => {
    await fx.bundle.writeSpec(['sleep', '60'], (spec) => {
      spec.hostname = 'native';
      spec.annotations = { 'org.example/a': 'x\ty' };
      spec.mounts = [...(spec.mounts ?? []), { destination: '/data', type: 'bind', source: 'rootfs/etc', options: ['ro'] }];
      spec.linux = {
        ...spec.linux,
        resources: {
          devices: [
            { allow: false, access: 'rwm' },
            { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' },
          ],
          cpu: { shares: 512, period: 100_000, quota: 50_000 },
          memory: { limit: 64 * 1024 * 1024 },
          pids: { limit: 99 },
        },
      };
    });
    const ref = fx.id('create-ref');
    const fast = fx.id('create-fast');
    // The reference compiles the seccomp profile and keeps the program for the native side.
    expect(await reference(['create', '--bundle', fx.bundle.dir, ref])).toMatchObject({ code: 0 });
    const pidFile = join(fx.root, 'fast.pid');
    expect(native(['create', '--bundle', fx.bundle.dir, '--pid-file', pidFile, fast])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(leftBehind(fast)).toEqual(leftBehind(ref));

    const state = JSON.parse((await same('state', fast)).stdout) as { status: string; pid: number };
    expect(state).toMatchObject({ status: 'created' });
    expect(readFileSync(pidFile, 'utf8')).toBe(String(state.pid));
    for (const [controller, file, value] of [
      ['devices', 'devices.list', 'c 1:3 rw'],
      ['cpu', 'cpu.shares', '512'],
      ['cpu', 'cpu.cfs_quota_us', '50000'],
      ['memory', 'memory.limit_in_bytes', String(64 * 1024 * 1024)],
      ['pids', 'pids.max', '99'],
    ]) {
      const dir = cgroupDir(fast, controller!);
      if (dir) expect(readFileSync(join(dir, file!), 'utf8')).toContain(value);
    }
    expect(native(['start', fast])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse((await same('state', fast)).stdout)).toMatchObject({ status: 'running' });
    expect(native(['delete', '--force', fast])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(fx.root, fast))).toBe(false);
  });

  it('create in a cgroup another container made: nothing of it recorded for removal, as the reference', async () => {
    await fx.bundle.writeSpec(['sleep', '60'], (spec) => {
      spec.linux = { ...spec.linux, cgroupsPath: `/berth-native-shared-${process.pid}` };
    });
    const [owner, ref, fast] = ['shared-owner', 'shared-ref', 'shared-fast'].map((name) => fx.id(name));
    for (const id of [owner!, ref!]) expect(await reference(['create', '--bundle', fx.bundle.dir, id])).toMatchObject({ code: 0 });
    expect(native(['create', '--bundle', fx.bundle.dir, fast!])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(leftBehind(fast!)).toEqual(leftBehind(ref!));
    // The last to go removes the shared cgroup: the one that made it.
    for (const id of [fast!, ref!, owner!])
      expect(native(['delete', '--force', id], { PATH: process.env['PATH'] })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(`/sys/fs/cgroup/pids/berth-native-shared-${process.pid}`)).toBe(false);
  });

  it('create never uses a seccomp program compiled for another profile: the reference compiles it first', async () => {
    const profile = (spec: Parameters<NonNullable<Parameters<RuntimeFixture['bundle']['writeSpec']>[1]>>[0]) => {
      spec.linux!.seccomp!.syscalls = [...(spec.linux!.seccomp!.syscalls ?? []), { names: ['acct'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }];
    };
    await fx.bundle.writeSpec(['sleep', '60'], profile);
    const first = fx.id('seccomp-first');
    // Without node on PATH the hand-over fails, which shows the C side did not create it itself.
    expect(native(['create', '--bundle', fx.bundle.dir, first])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('running node for the TypeScript CLI'),
    });
    expect(existsSync(join(fx.root, first))).toBe(false);
    expect(native(['create', '--bundle', fx.bundle.dir, first], { PATH: process.env['PATH'] })).toMatchObject({ code: 0 });
    const second = fx.id('seccomp-second');
    expect(native(['create', '--bundle', fx.bundle.dir, second])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(fx.root, second, 'seccomp.bpf'))).toEqual(readFileSync(join(fx.root, first, 'seccomp.bpf')));

    // A stored entry whose profile text differs is not this profile's, whatever its file name says.
    const store = join(fx.root, PROGRAM_STORE_DIR);
    for (const name of readdirSync(store)) {
      const path = join(store, name);
      writeFileSync(path, readFileSync(path, 'latin1').replace('"acct"', '"acc1"'), 'latin1');
    }
    expect(native(['create', '--bundle', fx.bundle.dir, fx.id('seccomp-tampered')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('running node'),
    });
  });

  it('create hands what it does not take to the reference, which makes it or refuses it', async () => {
    const viaNode = (args: string[]) => native(args, { PATH: process.env['PATH'] });
    await fx.bundle.writeSpec(['sleep', '60'], (spec) => {
      spec.linux = { ...spec.linux, resources: { ...spec.linux?.resources, memory: { limit: 64 * 1024 * 1024, swappiness: 7 } } };
    });
    const limited = fx.id('refer-limit');
    expect(native(['create', '--bundle', fx.bundle.dir, limited])).toMatchObject({ code: 1, stderr: expect.stringContaining('running node') });
    expect(existsSync(join(fx.root, limited))).toBe(false);
    expect(viaNode(['create', '--bundle', fx.bundle.dir, limited])).toEqual({ code: 0, stdout: '', stderr: '' });
    const memory = cgroupDir(limited, 'memory');
    if (memory) expect(readFileSync(join(memory, 'memory.swappiness'), 'utf8').trim()).toBe('7');

    await fx.bundle.writeSpec([''], () => undefined);
    const bad = fx.id('refer-bad');
    const refused = viaNode(['create', '--bundle', fx.bundle.dir, bad]);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('INVALID_SPEC') });
    expect(refused).toEqual(await reference(['create', '--bundle', fx.bundle.dir, bad]));
    expect(viaNode(['create', '--bundle', fx.bundle.dir, limited])).toEqual(await reference(['create', '--bundle', fx.bundle.dir, limited]));
  });

  it('run in the foreground: the same output and exit status as the reference, and nothing left', async () => {
    await fx.bundle.writeSpec(['sh', '-c', 'echo out; echo err >&2; exit 7']);
    const fast = fx.id('run-fast');
    // The reference first: it compiles the seccomp profile the native run then finds stored.
    const expected = await reference(['run', '--bundle', fx.bundle.dir, fx.id('run-ref')]);
    expect(native(['run', '--bundle', fx.bundle.dir, fast])).toEqual(expected);
    expect(native(['run', '--bundle', fx.bundle.dir, fast])).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    expect(existsSync(join(fx.root, fast))).toBe(false);

    await fx.bundle.writeSpec(['true']);
    expect(native(['run', '--bundle', fx.bundle.dir, fast])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(fx.root, fast))).toBe(false);

    // Killed by a signal: 128 + N. Without a pid namespace the shell is not an init the kernel shields.
    await fx.bundle.writeSpec(['sh', '-c', 'kill -KILL $$'], (spec) => {
      spec.linux!.namespaces = spec.linux!.namespaces!.filter((namespace) => namespace.type !== 'pid');
    });
    expect(await reference(['run', '--bundle', fx.bundle.dir, fast])).toEqual({ code: 137, stdout: '', stderr: '' });
    expect(native(['run', '--bundle', fx.bundle.dir, fast])).toEqual({ code: 137, stdout: '', stderr: '' });
    expect(existsSync(join(fx.root, fast))).toBe(false);
  });
});
