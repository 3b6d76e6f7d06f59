import { spawn, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '../model/runtime-error.js';

/**
 * The native core, `berth-shim`, as the TypeScript side sees it: a binary with four
 * subcommands and one error contract (`berth: <ERRNO>: <context>` as the last stderr line).
 */

/** native/build/berth-shim, two levels above this file both in src/native and dist/native. */
const BUILT_SHIM = fileURLToPath(new URL('../../native/build/berth-shim', import.meta.url));

export function locateShim(explicit?: string): string {
  const path = explicit ?? process.env['BERTH_SHIM'] ?? BUILT_SHIM;
  if (!existsSync(path)) {
    throw new RuntimeError('SHIM_NOT_FOUND', `native core ${path} is missing; build it with \`make -C libs/runtime/native\``);
  }
  return path;
}

const ERROR_LINE = /^berth: ([A-Z][A-Z0-9]*): (.*)$/;

/** Turns the shim's final stderr line into a RuntimeError whose code is the errno name. */
export function parseShimError(stderr: string, exitCode: number | null, what: string): RuntimeError {
  const lines = stderr.trimEnd().split('\n');
  const match = ERROR_LINE.exec(lines[lines.length - 1] ?? '');
  if (match) return new RuntimeError(match[1]!, match[2]!);
  const detail = stderr.trim() || `exit status ${exitCode}`;
  return new RuntimeError('SHIM_FAILED', `${what}: berth-shim failed without an error line (${detail})`);
}

export interface ShimResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a short shim command (`create`, `start`, `kill`) and throws its error as a RuntimeError. */
export async function runShim(
  shim: string,
  args: string[],
  what: string,
  extraFiles: readonly number[] = [],
  stdio: readonly ['ignore' | 0, 'pipe' | 1] = ['ignore', 'pipe'],
): Promise<void> {
  const result = await spawnShim(shim, args, [...stdio, 'pipe', ...extraFiles]);
  if (result.exitCode !== 0) throw parseShimError(result.stderr, result.exitCode, what);
}

/**
 * Spawns the shim and collects its output. Exit status is the command's for `exec`
 * (128+N when killed), so callers decide what counts as failure.
 */
export function spawnShim(shim: string, args: string[], stdio: StdioOptions, input?: string | Buffer, onStderr?: (chunk: string) => void): Promise<ShimResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(shim, args, { stdio });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      onStderr?.(chunk);
    });
    if (child.stdin) {
      // A command that exits without reading its stdin must not crash us with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    }
    child.on('error', (error) =>
      reject(new RuntimeError((error as NodeJS.ErrnoException).code ?? 'SHIM_FAILED', `running ${shim}: ${error.message}`, { cause: error })),
    );
    child.on('close', (code, signal) => {
      resolve({ exitCode: code ?? 128 + signalNumber(signal), stdout, stderr });
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 0 : constants.signals[signal];
}
