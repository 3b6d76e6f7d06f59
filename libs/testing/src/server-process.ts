import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built API (nx run @berth/api:build), started as `npm start` starts it. Same depth from src/ and dist/. */
export const API_MAIN = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));

/** The end of what a server printed that is kept: enough for an error message, never a growing buffer. */
const OUTPUT_TAIL_CHARS = 64 * 1024;

export interface ServerProcess {
  child: ChildProcess;
  /** The end of what it printed so far, stdout and stderr. */
  output: () => string;
  /** Whether it has said "listening on" (kept even when that line left the tail). */
  listening: () => boolean;
  exited: Promise<number | null>;
}

/** Starts the built API with this environment over the caller's own (a value of undefined removes a variable). */
export function launchServer(env: NodeJS.ProcessEnv, main = API_MAIN): ServerProcess {
  // No Docker API socket unless asked: servers under test must not race for /run/berth/docker.sock.
  const merged: NodeJS.ProcessEnv = { ...process.env, BERTH_LOG_LEVEL: 'warn', BERTH_DOCKER_SOCKET: 'off', ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, [main], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let listening = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    listening ||= output.includes('listening on');
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, listening: () => listening, exited };
}

/** Resolves once it says it listens; fails with its own last words when it exits first or the bound passes. */
export async function untilListening(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.listening()) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(`the API server exited while starting: ${lastWords(server.output())}`);
    if (Date.now() > deadline) throw new Error(`the API server was not listening after ${timeoutMs / 1000} s: ${lastWords(server.output())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM, then SIGKILL after `timeoutMs`; true when it stopped on SIGTERM (or had already). */
export async function stopServer(server: ServerProcess, timeoutMs = 30_000): Promise<boolean> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return true;
  server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    server.exited.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (stopped) return true;
  server.child.kill('SIGKILL');
  await server.exited;
  return false;
}

/** Host processes whose command line mentions `dir` (the embedded PostgreSQL runs with -D <root>/...). */
export function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

/** The server's own words ("berth: …" lines, which name the failure) rather than the end of a stack trace. */
export function lastWords(output: string): string {
  const lines = output.trim().split('\n');
  const own = lines.filter((line) => line.startsWith('berth: '));
  return (own.length > 0 ? own : lines).slice(-2).join(' | ').slice(0, 600) || '(no output)';
}
