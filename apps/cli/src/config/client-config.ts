import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-error.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the CLI finds Berth and how it proves who it is. */
export interface ClientConfig {
  url: string;
  token: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/**
 * BERTH_URL and BERTH_TOKEN, else `url` and `token` of `~/.config/berth/config.json`
 * (`$XDG_CONFIG_HOME/berth/config.json` when that is set), else the local default. The
 * environment wins so that one command can point elsewhere without editing the file.
 */
export function loadClientConfig(env: Env): ClientConfig {
  const file = readConfigFile(configPath(env));
  const url = env['BERTH_URL'] || file.url || DEFAULT_URL;
  return { url: url.replace(/\/+$/, ''), token: env['BERTH_TOKEN'] || file.token || undefined };
}

export function configPath(env: Env): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'berth', 'config.json');
}

function readConfigFile(path: string): { url?: string; token?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError('CONFIG_UNREADABLE', `cannot read ${path} (${(error as Error).message}); fix its permissions or remove it`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError('CONFIG_INVALID', `${path} is not JSON; write it as {"url": "http://host:8080", "token": "…"}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CliError('CONFIG_INVALID', `${path} must hold a JSON object with "url" and "token"`);
  const { url, token } = parsed as Record<string, unknown>;
  if ((url !== undefined && typeof url !== 'string') || (token !== undefined && typeof token !== 'string')) {
    throw new CliError('CONFIG_INVALID', `${path}: "url" and "token" must be strings`);
  }
  return { url, token };
}

/**
 * Saves url and token where loadClientConfig reads them (mode 0600: the token is a secret),
 * keeping anything else the file holds. `token: undefined` removes the token.
 */
export function saveClientConfig(env: Env, change: { url?: string; token?: string | undefined }): string {
  const path = configPath(env);
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CliError('CONFIG_INVALID', `${path} cannot be read or is not JSON; fix or remove it`);
  }
  const next = { ...current, ...change };
  if ('token' in change && change.token === undefined) delete next.token;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
