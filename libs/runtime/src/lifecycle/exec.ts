import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCgroupManager, type CgroupManager } from '../cgroups/cgroup-manager.js';
import type { OciProcess, OciSpec } from '../model/oci-spec.js';
import { RuntimeError } from '../model/runtime-error.js';
import { parseShimError, spawnShim } from '../native/shim-binary.js';
import { execPlan, type CreatePlanInput, type ExecTerminal } from '../plan/launch-plan.js';
import { writeFileAtomic } from '../util/files.js';
import { seccompFilterFlags } from '../seccomp/compile.js';
import { validateProcess } from '../spec/validate-spec.js';
import { sleep } from '../util/proc.js';
import { killTree } from '../util/process-tree.js';
import { loadContainer, requireAction, type RuntimeContext } from './context.js';
import { SECCOMP_FILE } from './create.js';

export interface ExecOptions {
  /** A complete process (runc's --process process.json); the fields below then override it. */
  process?: OciProcess;
  args?: string[];
  /** KEY=VALUE entries added to (or replacing in) the container's environment. */
  env?: string[];
  cwd?: string;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  terminal?: boolean;
  /** Return once the process runs inside the container instead of waiting for it. */
  detach?: boolean;
  /** `inherit` wires the caller's stdio (the CLI); `pipe` collects output (the API, tests). */
  stdio?: 'inherit' | 'pipe';
  /** stdin for `pipe` mode. */
  input?: string;
  /**
   * With `detach` and stdio 'inherit': runc's `exec --detach`. The process keeps this process's
   * stdio, no helper stays, and once exec returns it belongs to this process's subreaper (which
   * reaps it); its host pid is written here (no newline), as containerd's shim reads it.
   */
  pidFile?: string;
  /** Likewise, with a terminal: the unix socket the pty master is sent to (runc's --console-socket). */
  consoleSocket?: string;
}

export interface ExecResult {
  /** Host pid of the exec helper (detach) — it lives as long as the process. */
  pid?: number;
  exitCode?: number;
  stdout: string;
  stderr: string;
}

const DETACH_TIMEOUT_MS = 5_000;
let planCounter = 0;

/**
 * `exec`: runs another process in a running container's namespaces and cgroups. Without an
 * explicit process it inherits the container's env, cwd and user, as `runc exec` does.
 */
export async function exec(context: RuntimeContext, id: string, options: ExecOptions): Promise<ExecResult> {
  if (options.detach && options.stdio === 'inherit') return handedOff(context, id, options);
  if (options.pidFile || options.consoleSocket) throw new RuntimeError('INVALID_ARGUMENT', "pidFile and consoleSocket need detach with stdio 'inherit'");
  const { planPath, initPid, cgroup } = await writeExecPlan(context, id, options);
  if (options.detach) return detached(context.shim, planPath, initPid, () => cgroup.pids());
  try {
    const inherit = options.stdio === 'inherit';
    const result = await spawnShim(
      context.shim,
      ['exec', planPath, initPid],
      inherit ? ['inherit', 'inherit', 'pipe'] : ['pipe', 'pipe', 'pipe'],
      inherit ? undefined : (options.input ?? ''),
      inherit ? (chunk) => globalThis.process.stderr.write(chunk) : undefined,
    );
    // Exit 1 with the error line means joining failed: that is our error, not the command's.
    if (result.exitCode === 1 && /^berth: [A-Z0-9]+: /m.test(lastLine(result.stderr))) {
      throw parseShimError(result.stderr, 1, `exec in container ${id}`);
    }
    return result;
  } finally {
    await unlink(planPath);
  }
}

/**
 * The plan of an exec in a running container: its process (the container's, overridden by
 * the options), its cgroups and the container's seccomp filter, which create compiled.
 */
async function writeExecPlan(
  context: RuntimeContext,
  id: string,
  options: ExecOptions,
  terminal?: ExecTerminal,
  handoff?: CreatePlanInput['handoff'],
): Promise<{ planPath: string; initPid: string; cgroup: CgroupManager }> {
  const state = await loadContainer(context, id);
  requireAction(state, 'exec');
  const dir = context.root.dir(id);
  const spec = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as OciSpec;
  const process = validateProcess(mergeProcess(spec.process, options));
  const cgroup = openCgroupManager(state.cgroup);
  // Plans live in the container dir so a crash leaves nothing outside what delete removes.
  const planPath = join(dir, `exec-${globalThis.process.pid}-${++planCounter}.plan`);
  const seccomp = spec.linux?.seccomp ? { path: join(dir, SECCOMP_FILE), flags: seccompFilterFlags(spec.linux.seccomp) } : undefined;
  if (handoff && (process.terminal === true) !== (handoff.consoleSocket !== undefined)) {
    throw new RuntimeError(
      'INVALID_ARGUMENT',
      process.terminal ? 'process.terminal is true: --console-socket is required to receive the pty master' : '--console-socket needs process.terminal true',
    );
  }
  await writeFile(planPath, execPlan(process, cgroup.procsFiles(), seccomp, terminal, handoff), { mode: 0o600 });
  return { planPath, initPid: String(state.init!.pid), cgroup };
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines[lines.length - 1] ?? '';
}

function mergeProcess(base: OciProcess | undefined, options: ExecOptions): unknown {
  const process: OciProcess = structuredClone(options.process ?? base ?? { cwd: '/', user: { uid: 0, gid: 0 } });
  // A process.json brings its own args; otherwise the command line must name one.
  process.args = options.args && options.args.length > 0 ? options.args : options.process ? process.args : [];
  if (options.env) process.env = mergeEnv(process.env ?? [], options.env);
  if (options.cwd !== undefined) process.cwd = options.cwd;
  if (options.user) process.user = options.user;
  process.terminal = options.terminal ?? (options.process ? process.terminal : false);
  return process;
}

function mergeEnv(base: string[], extra: string[]): string[] {
  const key = (entry: string) => entry.slice(0, entry.indexOf('='));
  const overridden = new Set(extra.map(key));
  return [...base.filter((entry) => !overridden.has(key(entry))), ...extra];
}

/**
 * runc's `exec --detach` (ExecOptions.pidFile): the helper joins the container, forks the process
 * with our fds 0 and 1 and our stderr (passed as its fd 3, since its own fd 2 carries its error
 * line), waits until it has exec'd, says `pid N` and exits.
 */
async function handedOff(context: RuntimeContext, id: string, options: ExecOptions): Promise<ExecResult> {
  const { planPath, initPid } = await writeExecPlan(context, id, options, undefined, { stderrFd: 3, consoleSocket: options.consoleSocket });
  try {
    const result = await spawnShim(context.shim, ['exec', planPath, initPid], [0, 1, 'pipe', 2]);
    if (result.exitCode !== 0) throw parseShimError(result.stderr, result.exitCode, `exec in container ${id}`);
    const pid = Number(/^pid (\d+)$/m.exec(result.stderr)?.[1]);
    if (!(pid > 0)) throw new RuntimeError('SHIM_FAILED', `exec in container ${id}: the helper reported no pid (${result.stderr.trim()})`);
    if (options.pidFile) await writeFileAtomic(options.pidFile, String(pid));
    return { pid, stdout: '', stderr: '' };
  } finally {
    await unlink(planPath);
  }
}

/**
 * Detached: wait until the helper has joined the container's cgroup, then let it go. Its
 * stderr goes to a file, not a pipe: a pipe we stop reading would SIGPIPE the process later.
 */
async function detached(shim: string, planPath: string, initPid: string, pids: () => Promise<number[]>): Promise<ExecResult> {
  const errPath = `${planPath}.err`;
  const errFile = await open(errPath, 'w+', 0o600);
  let exitCode: number | null | undefined;
  try {
    const child = spawn(shim, ['exec', planPath, initPid], { detached: true, stdio: ['ignore', 'ignore', errFile.fd] });
    child.on('exit', (code) => (exitCode = code));
    child.unref();
    const deadline = Date.now() + DETACH_TIMEOUT_MS;
    while (exitCode === undefined && !(await pids()).includes(child.pid!)) {
      if (Date.now() >= deadline) throw new RuntimeError('ETIMEDOUT', `exec helper ${child.pid} did not join the container`);
      await sleep(5);
    }
    if (exitCode !== undefined && exitCode !== 0) throw parseShimError(await readFile(errPath, 'utf8'), exitCode, 'exec --detach');
    return { pid: child.pid!, stdout: '', stderr: '' };
  } finally {
    await errFile.close();
    await unlink(errPath);
    await unlink(planPath);
  }
}

/** An exec whose input, output and terminal size the caller drives (a terminal in a browser). */
export interface ExecSession {
  /** Host pid of the exec helper. */
  readonly pid: number;
  write(data: string | Uint8Array): void;
  endInput(): void;
  /** With a terminal: its new size (the helper sets it on the pty). */
  resize(rows: number, cols: number): void;
  /**
   * Sends a signal to the process (through the helper, which forwards it). SIGKILL cannot be
   * forwarded — the helper dies of it and its command would run on in the container — so it
   * goes to the helper and everything below it.
   */
  kill(signal?: NodeJS.Signals): void;
  /** The command's exit status (128+N when killed by signal N). */
  readonly exit: Promise<number>;
}

export interface ExecSessionOptions extends Omit<ExecOptions, 'stdio' | 'input' | 'detach'> {
  /** First terminal size, with `terminal`. */
  size?: { rows: number; cols: number };
  /** Output as it comes; with a terminal, everything is `stdout`. */
  onOutput: (stream: 'stdout' | 'stderr', data: Buffer) => void;
}

/** The fd the helper reads resize lines from: the first one after stdio. */
const RESIZE_FD = 3;

export async function execSession(context: RuntimeContext, id: string, options: ExecSessionOptions): Promise<ExecSession> {
  const terminal: ExecTerminal | undefined = options.terminal ? { size: options.size, resizeFd: RESIZE_FD } : undefined;
  const { planPath, initPid } = await writeExecPlan(context, id, options, terminal);
  const child = spawn(context.shim, ['exec', planPath, initPid], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => options.onOutput('stdout', chunk));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4096);
    options.onOutput('stderr', chunk);
  });
  for (const stream of [child.stdin!, child.stdio[RESIZE_FD] as NodeJS.WritableStream]) stream.on('error', () => undefined); // EPIPE once it exits
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new RuntimeError((error as NodeJS.ErrnoException).code ?? 'SHIM_FAILED', `exec in container ${id}: ${error.message}`)));
    child.on('close', (code, signal) => {
      void unlink(planPath).catch(() => undefined);
      if (code === 1 && /^berth: [A-Z0-9]+: /m.test(lastLine(stderr))) reject(parseShimError(stderr, 1, `exec in container ${id}`));
      else resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
  // Nobody may be waiting on exit when it fails: keep the rejection from going unhandled.
  exit.catch(() => undefined);
  return {
    pid: child.pid!,
    write: (data) => void child.stdin!.write(data),
    endInput: () => void child.stdin!.end(),
    resize: (rows, cols) => {
      if (Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0 && rows < 65536 && cols < 65536) {
        (child.stdio[RESIZE_FD] as NodeJS.WritableStream).write(`${rows} ${cols}\n`);
      }
    },
    kill: (signal = 'SIGTERM') => (signal === 'SIGKILL' ? killTree(child.pid!) : void child.kill(signal)),
    exit,
  };
}
