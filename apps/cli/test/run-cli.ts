import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { main } from '../src/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A home without a Berth config file, so a developer's own ~/.config/berth never leaks into a test. */
const HOME = mkdtempSync(join(tmpdir(), 'berth-cli-home-'));
afterAll(() => rmSync(HOME, { recursive: true, force: true }));

/** The environment `berth` runs with in the specs: the shared test server and its admin token, no config file. */
export function cliEnv(env: Record<string, string> = {}): Record<string, string> {
  return { HOME, XDG_CONFIG_HOME: '', BERTH_URL: inject('berthUrl'), BERTH_TOKEN: inject('berthToken'), ...env };
}

/**
 * `berth ARGS…` against the shared test server, in this process: what it printed on stdout
 * and stderr (its own buffers, so runs can overlap), and the exit status it would exit with.
 */
export async function berth(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(['node', 'berth', ...args], {
    env: cliEnv(env),
    stdout: { write: (text) => void stdout.push(text) },
    stderr: { write: (text) => void stderr.push(text) },
    stdinIsTTY: false,
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

/** Waits for `read` to satisfy `done`, polling; containers take a moment to log or stop. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
