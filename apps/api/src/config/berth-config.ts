import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_ENV, DEFAULT_HOST, DEFAULT_PORT } from '@berth/contracts';
import { StartupError } from '../startup/startup-error.js';

/**
 * Everything Berth reads from its environment, in one place. The README's
 * configuration table lists exactly these variables; a test keeps docker-compose.yml in
 * agreement with them.
 */
export interface BerthConfig {
  host: string;
  port: number;
  /** State root: container state, images and (when embedded) the PostgreSQL cluster. */
  root: string;
  /** Unset: Berth runs its own PostgreSQL under `<root>/postgres`. */
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: string;
  /** The built console (apps/console/dist) that the API serves at `/`. */
  consoleDir: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

// apps/api/{src,dist}/config → apps/console/dist
const BUNDLED_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BerthConfig {
  return {
    host: env[CONFIG_ENV.host] || DEFAULT_HOST,
    port: parsePort(env[CONFIG_ENV.port]),
    root: resolve(env[CONFIG_ENV.root] || defaultStateRoot(env)),
    databaseUrl: env[CONFIG_ENV.databaseUrl] || undefined,
    adminToken: env[CONFIG_ENV.adminToken] || undefined,
    logLevel: parseLogLevel(env[CONFIG_ENV.logLevel]),
    consoleDir: resolve(env[CONFIG_ENV.consoleDir] || BUNDLED_CONSOLE_DIR),
  };
}

/** `/var/lib/berth` for root (like Docker's /var/lib/docker), else the user's XDG data directory. */
export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0) return '/var/lib/berth';
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'berth');
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new StartupError('INVALID_CONFIG', `${CONFIG_ENV.port}=${text} is not a TCP port; use a number from 1 to 65535`);
  }
  return port;
}

function parseLogLevel(text: string | undefined): string {
  if (!text) return 'info';
  if (!LOG_LEVELS.includes(text)) {
    throw new StartupError('INVALID_CONFIG', `${CONFIG_ENV.logLevel}=${text} is not a log level; use one of ${LOG_LEVELS.join(', ')}`);
  }
  return text;
}
