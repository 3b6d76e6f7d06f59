import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeFixture } from '../testing/runtime-fixture.js';
import { useRuntimeFixture } from '../testing/use-runtime-fixture.js';
import { waitFor } from '../testing/wait-for.js';
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

  function native(args: string[], env: NodeJS.ProcessEnv = { PATH: pathDir }): Answer {
    const result = spawnSync(NATIVE, ['--root', fx.root, ...args], { encoding: 'utf8', env, timeout: 20_000 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
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
});
