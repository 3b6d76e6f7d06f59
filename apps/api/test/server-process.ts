import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The built server (nx run @berth/api:build), as `npm start` runs it. */
export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts dist/main.js with this environment added to the test's own. */
export function launchServer(env: NodeJS.ProcessEnv): ServerProcess {
  // No Docker API socket unless a test asks: servers under test must not race for /run/berth/docker.sock.
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, BERTH_LOG_LEVEL: 'warn', BERTH_DOCKER_SOCKET: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once it says it listens; fails with its output when it exits first or the bound passes. */
export async function untilListening(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes('listening on')) {
    if (server.child.exitCode !== null) throw new Error(`exited early: ${server.output()}`);
    if (Date.now() > deadline) throw new Error(`not listening after ${timeoutMs} ms: ${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Host processes whose command line mentions `dir` (the embedded postgres runs with -D <root>/...). */
export function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}
