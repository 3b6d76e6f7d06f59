import { BerthClient } from '@berth/contracts';
import { loadClientConfig, type ClientConfig, type Env } from './config/client-config.js';
import { plainFetch } from './http/plain-fetch.js';

/** Where a command's text goes: the process's stdout or stderr, or a test's buffer. */
export interface TextSink {
  write(text: string): void;
  /** Whether a person watches it (progress bars, tables redrawn in place) rather than a program. */
  isTTY?: boolean;
}

export interface CliIo {
  env: Env;
  stdout: TextSink;
  stderr: TextSink;
  stdinIsTTY: boolean;
}

/** What every command gets: the client (made on first use, so `--help` needs no config), output, the terminal. */
export interface CliContext {
  env: Env;
  config(): ClientConfig;
  client(): BerthClient;
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** The command's exit status, once it has one. */
  setExitCode(code: number): void;
}

/** The real process: its environment, stdout, stderr and terminal. */
export function processIo(): CliIo {
  return {
    env: process.env,
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    stdinIsTTY: process.stdin.isTTY === true,
  };
}

export function createContext(io: CliIo, setExitCode: (code: number) => void): CliContext {
  let config: ClientConfig | undefined;
  let client: BerthClient | undefined;
  const context: CliContext = {
    env: io.env,
    config: () => (config ??= loadClientConfig(io.env)),
    client: () => (client ??= new BerthClient({ baseUrl: context.config().url, token: context.config().token, fetch: plainFetch })),
    out: (text) => io.stdout.write(text),
    err: (text) => io.stderr.write(text),
    stdoutIsTTY: io.stdout.isTTY === true,
    stderrIsTTY: io.stderr.isTTY === true,
    stdinIsTTY: io.stdinIsTTY,
    setExitCode,
  };
  return context;
}
