import { spawn } from 'node:child_process';
import { packageOfTool } from '../host-tools.js';
import { RuntimeError } from '../model/runtime-error.js';

export interface ToolOptions {
  /** Written to the tool's stdin (for `ip -batch -` and `iptables-restore`). */
  input?: string;
  /** What was being done, for the error message ("attaching eth0 of pid 42 to berth-a"). */
  what: string;
}

/** iproute2 and iptables hang only when the kernel does; this bounds a stuck call. */
const TOOL_TIMEOUT_MS = 15_000;

/**
 * Runs a host tool with execFile semantics (no shell) and returns its stdout. A failure is a
 * RuntimeError with the errno name the tool reported where there is one, and the tool's own
 * words, which say which object was refused.
 */
export function runTool(file: string, args: string[], options: ToolOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], timeout: TOOL_TIMEOUT_MS });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(spawnFailure(file, error, options.what)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const text = Buffer.concat(stderr).toString('utf8').trim() || Buffer.concat(stdout).toString('utf8').trim();
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      reject(new RuntimeError(errnoFromText(text), `${options.what}: ${file} ${how}: ${text || '(no message)'}`));
    });
    // EPIPE when the tool exits before reading everything; its exit status says why.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

function spawnFailure(file: string, error: NodeJS.ErrnoException, what: string): RuntimeError {
  if (error.code === 'ENOENT') {
    const pkg = packageOfTool(file);
    return new RuntimeError('ENOENT', `${what}: ${file} is not installed${pkg ? `; install it with apt-get install ${pkg}` : ''}`);
  }
  return new RuntimeError(error.code ?? 'EIO', `${what}: could not run ${file}: ${error.message}`, { cause: error });
}

/** The kernel's refusal as iproute2 / iptables print it, mapped back to its errno name. */
const ERRNO_TEXT: [RegExp, string][] = [
  [/File exists/i, 'EEXIST'],
  [/Cannot find device|No such device|Device ".*" does not exist/i, 'ENODEV'],
  [/No such process/i, 'ESRCH'],
  [/Operation not permitted|Permission denied/i, 'EPERM'],
  [/Address already in use/i, 'EADDRINUSE'],
  [/Network is unreachable|Nexthop has invalid gateway/i, 'ENETUNREACH'],
  [/Invalid argument/i, 'EINVAL'],
  [/Resource busy|Device or resource busy/i, 'EBUSY'],
];

function errnoFromText(text: string): string {
  return ERRNO_TEXT.find(([pattern]) => pattern.test(text))?.[1] ?? 'EIO';
}
