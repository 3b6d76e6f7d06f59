import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeField } from '../plan/plan-text.js';
import { makeBusyboxBundle, makeTempDir, type BusyboxBundle } from '../testing/busybox-bundle.js';
import { waitFor } from '../testing/wait-for.js';
import { locateShim } from './shim-binary.js';
import { ServerLauncher, unescapeField } from './shim-launcher.js';
import { openStartGate } from './start-gate.js';

const CHILD = fileURLToPath(new URL('../testing/launcher-child.ts', import.meta.url));

/** Running: a zombie awaiting its reaper (PID 1 may be slow to reap) counts as gone. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('unescapeField', () => {
  it('undoes the plan escapes', () => {
    expect(unescapeField(escapeField('a\\b\tc\nd\\n'))).toBe('a\\b\tc\nd\\n');
  });
});

describe('ServerLauncher (real kernel)', () => {
  let bundle: BusyboxBundle;
  let dir: string;
  let launcher: ServerLauncher;
  let count = 0;

  beforeAll(async () => {
    bundle = await makeBusyboxBundle();
    dir = await makeTempDir('berth-launcher-');
    launcher = new ServerLauncher(locateShim());
  });
  afterAll(async () => {
    await launcher.close();
    await rm(dir, { recursive: true, force: true });
    await bundle.remove();
  });

  /** A plan as in native/test/smoke.sh: fresh namespaces, no cgroup, busybox rootfs. */
  async function plan(args: string[], rootfs = bundle.rootfs): Promise<{ id: string; path: string; stateDir: string }> {
    const id = `l${++count}`;
    const stateDir = join(dir, id);
    const lines = [
      'berth-plan\t1',
      `id\t${id}`,
      `state_dir\t${escapeField(stateDir)}`,
      `rootfs\t${escapeField(rootfs)}`,
      ...['mount', 'pid', 'network', 'uts', 'ipc'].map((kind) => `namespace\t${kind}`),
      'env\tPATH=/bin',
      ...args.map((arg) => `arg\t${escapeField(arg)}`),
    ];
    const path = join(dir, `${id}.plan`);
    await writeFile(path, `${lines.join('\n')}\n`);
    return { id, path, stateDir };
  }

  async function runToExit(stateDir: string): Promise<number> {
    openStartGate(stateDir, 'starting');
    await waitFor(async () => existsSync(join(stateDir, 'exit.json')));
    return (JSON.parse(await readFile(join(stateDir, 'exit.json'), 'utf8')) as { exitCode: number }).exitCode;
  }

  it('creates overlapping containers through one server, each reply going to its own request', async () => {
    const plans = await Promise.all([['true'], ['/bin/no-such-a'], ['true'], ['true'], ['/bin/no-such-b'], ['true']].map((args) => plan(args)));
    const results = await Promise.allSettled(plans.map((p) => launcher.create(p.path, `creating ${p.id}`)));
    const server = launcher.pid;
    expect(server).toBeGreaterThan(0);

    for (const [index, result] of results.entries()) {
      const { id, stateDir } = plans[index]!;
      if (index === 1 || index === 4) {
        expect(result).toMatchObject({
          status: 'rejected',
          reason: { code: 'ENOENT', message: expect.stringMatching(new RegExp(`^creating container ${id}: .*no-such-${index === 1 ? 'a' : 'b'}`)) },
        });
        expect(existsSync(stateDir)).toBe(false); // nothing left behind
      } else {
        expect(result.status).toBe('fulfilled');
        expect(await readFile(join(stateDir, 'status'), 'utf8')).toBe('created\n');
      }
    }
    const created = plans.filter((_, index) => index !== 1 && index !== 4);
    expect(await Promise.all(created.map((p) => runToExit(p.stateDir)))).toEqual([0, 0, 0, 0]);
    expect(launcher.pid).toBe(server);
  });

  it('turns a bad rootfs into the shim error, leaving nothing behind', async () => {
    const p = await plan(['true'], join(dir, 'no-such-rootfs'));
    await expect(launcher.create(p.path, 'creating')).rejects.toMatchObject({ code: 'ENOENT', message: expect.stringContaining('opening rootfs') });
    expect(existsSync(p.stateDir)).toBe(false);
  });

  it('starts a new server after one died', async () => {
    await launcher.create((await plan(['/bin/no-such'])).path, 'creating').catch(() => undefined);
    const first = launcher.pid!;
    process.kill(first, 'SIGKILL');
    await waitFor(async () => launcher.pid === undefined);
    const p = await plan(['true']);
    await launcher.create(p.path, 'creating');
    expect(launcher.pid).not.toBe(first);
    expect(await runToExit(p.stateDir)).toBe(0);
  });

  it('falls back to a plain spawn when no server can start', async () => {
    const broken = new ServerLauncher('/no/such/berth-shim');
    await expect(broken.create('/no/plan', 'creating')).rejects.toMatchObject({
      code: 'ENOENT',
      message: expect.stringContaining('running /no/such/berth-shim'),
    });
    await broken.close();
  });

  it('stops the server on close()', async () => {
    await launcher.create('/no/such/plan', 'creating').catch(() => undefined);
    const pid = launcher.pid!;
    await launcher.close();
    expect(alive(pid)).toBe(false);
    expect(launcher.pid).toBeUndefined();
  });

  it('dies with the Node process that started it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'server'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const server = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /server (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    expect(alive(server)).toBe(true);
    child.kill('SIGKILL');
    await waitFor(async () => !alive(server), 1000);
  });

  it('never keeps a process using Runtime alive', { timeout: 20_000 }, async () => {
    await bundle.writeSpec(['true']);
    const root = join(dir, 'root');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'runtime', root, bundle.dir, 'exits'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect({ code, out }).toEqual({ code: 0, out: 'exit 0\n' });
  });
});
