import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckContext } from './check-context.js';

/**
 * The native `berth-runtime create` on a pure v2 host (native/STATE.md, "create and run"):
 * the TypeScript CLI creates one container, which compiles the seccomp profile and the device
 * policy and stores both programs; the native binary then creates a second from the same
 * spec, with no node on its PATH, so a hand-over to the TypeScript CLI fails instead of
 * passing unnoticed. Both must leave the same files (spec, plan, state, both programs), the
 * native one's cgroup must hold the limits, and it must start and be deleted natively.
 */
export interface NativeCreateObservation {
  reference: Answer;
  native: Answer;
  /** Files of the native container that differ from the reference's (ids and pids aside). */
  differences: string[];
  limits: Record<string, string>;
  afterStart: string;
  deleted: Answer;
  left: boolean;
}

interface Answer {
  code: number | null;
  stderr: string;
}

const LIMIT_FILES = ['memory.max', 'cpu.weight', 'cpu.max', 'pids.max'];

export async function nativeCreateCheck({ fx, spec }: CheckContext): Promise<NativeCreateObservation> {
  const shim = process.env['BERTH_SHIM']!;
  const native = join(dirname(shim), 'berth-runtime');
  const typescript = join(dirname(shim), '../../bin/berth-runtime.cjs');
  await fx.bundle.writeSpec(
    ['sleep', '30'],
    spec({ memory: { limit: 48 * 1024 * 1024 }, cpu: { shares: 512, quota: 30_000, period: 100_000 }, pids: { limit: 25 } }),
  );
  /** `command` with its leading words (node and the script for the TypeScript CLI), then --root and `args`. */
  const run = ([command, ...lead]: string[], args: string[], path: string): Answer => {
    const log = join(fx.root, 'native-check.err');
    const fd = openSync(log, 'w');
    try {
      // Files, not pipes: the container keeps its creator's stdio (runc's model).
      const result = spawnSync(command!, [...lead, '--root', fx.root, ...args], { stdio: ['ignore', 'ignore', fd], env: { PATH: path }, timeout: 20_000 });
      return { code: result.status, stderr: readFileSync(log, 'utf8') };
    } finally {
      closeSync(fd);
    }
  };
  const ref = fx.id('v2-ref');
  const fast = fx.id('v2-native');
  const reference = run([process.execPath, typescript], ['create', '--bundle', fx.bundle.dir, ref], process.env['PATH'] ?? '');
  const created = run([native], ['create', '--bundle', fx.bundle.dir, fast], '/nonexistent');
  const differences = created.code === 0 && reference.code === 0 ? compare(fx.root, ref, fast) : ['(not created)'];
  const limits: Record<string, string> = {};
  const cgroup =
    created.code === 0
      ? (JSON.parse(readFileSync(join(fx.root, fast, 'state.json'), 'utf8')) as { cgroup: { v2?: { path: string } } }).cgroup.v2?.path
      : undefined;
  for (const file of LIMIT_FILES) limits[file] = cgroup ? readFileSync(join(cgroup, file), 'utf8').trim() : '';
  run([native], ['start', fast], '/nonexistent');
  const state = spawnSync(native, ['--root', fx.root, 'state', fast], { encoding: 'utf8', env: { PATH: '/nonexistent' } });
  const afterStart = (JSON.parse(state.stdout || '{}') as { status?: string }).status ?? state.stderr;
  const deleted = run([native], ['delete', '--force', fast], '/nonexistent');
  run([process.execPath, typescript], ['delete', '--force', ref], process.env['PATH'] ?? '');
  return {
    reference,
    native: created,
    differences,
    limits,
    afterStart,
    deleted,
    left: existsSync(join(fx.root, fast)) || (cgroup !== undefined && existsSync(cgroup)),
  };
}

/** The names of the files that differ once the ids (and what differs per process) are taken out. */
function compare(root: string, ref: string, fast: string): string[] {
  const read = (id: string, name: string) => {
    const text = readFileSync(join(root, id, name), 'latin1').replaceAll(id, 'ID');
    if (name === 'state.json') return text.replace(/"created": "[^"]*"/, '').replace(/"(pid|startTime)": \d+/g, '');
    if (name === 'state.txt') return text.replace(/^(json|init|shim)\t.*\n/gm, '');
    return text;
  };
  return ['config.json', 'plan', 'state.json', 'state.txt', 'seccomp.bpf', 'devices.bpf'].filter((name) => read(ref, name) !== read(fast, name));
}
