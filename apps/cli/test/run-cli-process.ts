import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cliEnv, type CliResult } from './run-cli.js';

const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./berth-entry.ts', import.meta.url));

/**
 * The command line that runs `berth` from source (tsx, the workspace's sources by the
 * `@berth/source` condition, as vitest resolves them), for a shell to run: {@link inTerminal}.
 */
export const BERTH = `${process.execPath} --conditions=@berth/source --import tsx ${ENTRY}`;

/**
 * `berth ARGS…` as a process of its own against the shared test server, `input` piped into
 * its stdin (then closed): for what an in-process run cannot give, a real stdin. Killed, and
 * the spec failed, if it has not exited within `timeoutMs`.
 */
export function berthProcess(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return collect(process.execPath, ['--conditions=@berth/source', '--import', 'tsx', ENTRY, ...args], options);
}

/**
 * A shell command line run on a pseudo-terminal, as a person at a terminal would run it:
 * util-linux `script` makes the terminal and exits with the line's status. `input` is typed
 * into the terminal; output comes back as the terminal shows it (`\r\n` line ends, echoed
 * input). Put {@link BERTH} in the line where the CLI should run.
 */
export function inTerminal(commandLine: string, options: CollectOptions = {}): Promise<CliResult> {
  return collect('script', ['-qec', commandLine, '/dev/null'], options);
}

interface CollectOptions {
  input?: string;
  timeoutMs?: number;
  /** Type `input` only once the output shows this (a prompt): a terminal echoes what is typed before the program turns echo off. */
  inputAfter?: string;
}

function collect(command: string, args: string[], options: CollectOptions): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    // Only what berth and the shell need: no BERTH_TOKEN or config of whoever runs the specs.
    const env = cliEnv({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'xterm' });
    const child = spawn(command, args, { cwd: CLI_DIR, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let typed = false;
    const type = () => {
      if (typed) return;
      typed = true;
      child.stdin.end(options.input ?? '');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // A moment after the prompt, so the program has switched the terminal to raw mode.
      if (options.inputAfter !== undefined && stdout.includes(options.inputAfter)) setTimeout(type, 200);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // EPIPE when the process exits before reading all of it
    if (options.inputAfter === undefined) type();
  });
}
