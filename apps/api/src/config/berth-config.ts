import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_ENV, DEFAULT_DOCKER_SOCKET, DEFAULT_HOST, DEFAULT_PORT } from '@berth/contracts';
import { parseBytes } from '@berth/runtime/model';
import { parseAllowList, type RegistryAllowList } from '../util/address-ranges.js';
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
  /** Where networks get their /24 subnets when a request names none. */
  networkPool: string;
  /** Largest body `images/load` and `images/build` accept. */
  maxUploadBytes: number;
  /** Make `busybox:latest` from the host's busybox-static in an empty store. */
  seedImages: boolean;
  /** pids.max of a container or build step that asks for none (Podman's default); undefined: no default. */
  pidsLimit: number | undefined;
  /** A build's RUN step running longer is killed (its store writer's hold ends with it); undefined: no bound. */
  buildStepTimeoutMs: number | undefined;
  /** What each team may hold at most; undefined: no bound. */
  teamQuota: TeamQuota;
  /** Registries on loopback, link-local or private addresses that operators may pull from and push to. */
  registryAllow: RegistryAllowList;
  /** The Docker Engine API's listeners and the identity its unix socket acts as. */
  dockerApi: DockerApiConfig;
}

export interface DockerApiConfig {
  /** Unix socket path; undefined: no socket. */
  socket: string | undefined;
  /** TCP port on `host` (bearer tokens required); undefined: no TCP listener. */
  port: number | undefined;
  /** Whoever can open the socket acts as this member of this team, as Docker's socket acts as root. */
  socketUser: string;
  socketTeam: string;
}

export interface TeamQuota {
  containers: number | undefined;
  memoryBytes: number | undefined;
  imageBytes: number | undefined;
  volumeBytes: number | undefined;
}

export const DEFAULT_NETWORK_POOL = '10.89.0.0/16';
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
export const DEFAULT_PIDS_LIMIT = 2048;
export const DEFAULT_BUILD_STEP_TIMEOUT_MS = 60 * 60 * 1000;
export const DEFAULT_TEAM_MAX_CONTAINERS = 1000;

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
    networkPool: parseNetworkPool(env[CONFIG_ENV.networkPool]),
    maxUploadBytes: parseUploadSize(env[CONFIG_ENV.maxUploadSize]),
    seedImages: env[CONFIG_ENV.seedImages] !== '0',
    pidsLimit: parseLimit(env[CONFIG_ENV.pidsLimit], CONFIG_ENV.pidsLimit, DEFAULT_PIDS_LIMIT, Number),
    buildStepTimeoutMs: parseLimit(env[CONFIG_ENV.buildStepTimeout], CONFIG_ENV.buildStepTimeout, DEFAULT_BUILD_STEP_TIMEOUT_MS, parseDuration),
    teamQuota: {
      containers: parseLimit(env[CONFIG_ENV.teamMaxContainers], CONFIG_ENV.teamMaxContainers, DEFAULT_TEAM_MAX_CONTAINERS, Number),
      memoryBytes: parseLimit(env[CONFIG_ENV.teamMaxMemory], CONFIG_ENV.teamMaxMemory, undefined, parseBytes),
      imageBytes: parseLimit(env[CONFIG_ENV.teamMaxImageStorage], CONFIG_ENV.teamMaxImageStorage, undefined, parseBytes),
      volumeBytes: parseLimit(env[CONFIG_ENV.teamMaxVolumeStorage], CONFIG_ENV.teamMaxVolumeStorage, undefined, parseBytes),
    },
    registryAllow: parseRegistryAllow(env[CONFIG_ENV.registryAllow]),
    dockerApi: {
      socket: parseDockerSocket(env[CONFIG_ENV.dockerSocket], resolve(env[CONFIG_ENV.root] || defaultStateRoot(env))),
      port: env[CONFIG_ENV.dockerPort] ? parsePort(env[CONFIG_ENV.dockerPort], CONFIG_ENV.dockerPort) : undefined,
      socketUser: env[CONFIG_ENV.dockerSocketUser] || 'admin',
      socketTeam: env[CONFIG_ENV.dockerSocketTeam] || 'default',
    },
  };
}

/** `/var/lib/berth` for root (like Docker's /var/lib/docker), else the user's XDG data directory. */
export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0) return '/var/lib/berth';
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'berth');
}

function parsePort(text: string | undefined, name: string = CONFIG_ENV.port): number {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new StartupError('INVALID_CONFIG', `${name}=${text} is not a TCP port; use a number from 1 to 65535`);
  }
  return port;
}

/** An absolute path, or `off`. */
function parseDockerSocket(text: string | undefined, root: string): string | undefined {
  // /run/berth is root's; another user's server keeps its socket with its state (as rootless Docker keeps its own).
  if (text === undefined || text === '') return process.getuid?.() === 0 ? DEFAULT_DOCKER_SOCKET : join(root, 'docker.sock');
  if (text === 'off') return undefined;
  if (!text.startsWith('/')) {
    throw new StartupError('INVALID_CONFIG', `${CONFIG_ENV.dockerSocket}=${text} is not an absolute path; give one like /run/berth/docker.sock, or off`);
  }
  return text;
}

function parseLogLevel(text: string | undefined): string {
  if (!text) return 'info';
  if (!LOG_LEVELS.includes(text)) {
    throw new StartupError('INVALID_CONFIG', `${CONFIG_ENV.logLevel}=${text} is not a log level; use one of ${LOG_LEVELS.join(', ')}`);
  }
  return text;
}

/** A /24 or wider IPv4 block, checked at start-up rather than at the first network's creation. */
function parseNetworkPool(text: string | undefined): string {
  if (!text) return DEFAULT_NETWORK_POOL;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((octet) => octet > 255) || prefix < 8 || prefix > 24) {
    throw new StartupError('INVALID_CONFIG', `${CONFIG_ENV.networkPool}=${text} is not an IPv4 block from /8 to /24, like 10.89.0.0/16`);
  }
  return text;
}

function parseUploadSize(text: string | undefined): number {
  if (!text) return DEFAULT_MAX_UPLOAD_BYTES;
  try {
    const bytes = parseBytes(text);
    if (bytes < 1) throw new Error('zero');
    return bytes;
  } catch {
    throw new StartupError('INVALID_CONFIG', `${CONFIG_ENV.maxUploadSize}=${text} is not a size; write it like 512m or 4g`);
  }
}

/** A count or size bound: unset gives the default, `0` turns the bound off. */
function parseLimit(text: string | undefined, name: string, fallback: number | undefined, parse: (text: string) => number): number | undefined {
  if (text === undefined || text === '') return fallback;
  if (text === '0') return undefined;
  let value: number;
  try {
    value = parse(text);
  } catch {
    value = NaN;
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new StartupError('INVALID_CONFIG', `${name}=${text} is not a positive whole number, size or duration (like 100, 8g or 30m); 0 turns the bound off`);
  }
  return value;
}

/** `90s`, `30m`, `2h` or plain seconds, in milliseconds. */
function parseDuration(text: string): number {
  const match = /^(\d+)([smh]?)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600 }[match[2]!]! * 1000;
}

function parseRegistryAllow(text: string | undefined): RegistryAllowList {
  try {
    return parseAllowList(text);
  } catch (error) {
    throw new StartupError(
      'INVALID_CONFIG',
      `${CONFIG_ENV.registryAllow}: ${(error as Error).message}; list names, name:port, addresses or blocks, separated by commas`,
    );
  }
}
