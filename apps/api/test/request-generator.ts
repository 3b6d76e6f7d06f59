import type { RegisteredRoute } from './registered-routes.js';

/** A small seeded PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedRequest {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

/** Names and ids that exist (`live`), that do not, and that are hostile as path segments. */
const PATH_VALUES = ['no-such-thing', '..', '%2e%2e', '%00', 'a'.repeat(300), '%F0%9F%98%80', '0', '-1', 'busybox', 'busybox:latest', 'x%2Fy', ' ', '%25'];

/** Field names the API's request bodies use, so generated objects reach past "unknown field". */
const FIELDS = [
  'image',
  'name',
  'cmd',
  'entrypoint',
  'env',
  'network',
  'networks',
  'ports',
  'mounts',
  'resources',
  'memory',
  'memorySwap',
  'cpus',
  'cpuShares',
  'pidsLimit',
  'restartPolicy',
  'maximumRetryCount',
  'capAdd',
  'capDrop',
  'privileged',
  'readOnlyRootfs',
  'tty',
  'user',
  'workingDir',
  'labels',
  'hostname',
  'autoRemove',
  'subnet',
  'internal',
  'container',
  'aliases',
  'role',
  'username',
  'password',
  'token',
  'expiresInDays',
  'team',
  'reference',
  'target',
  'auth',
  'platform',
  'type',
  'source',
  'containerPort',
  'hostPort',
  'hostIp',
  'protocol',
  'tmpfsSize',
  'pause',
  'message',
  'author',
  'changes',
  'current',
  'driver',
];

const STRINGS = [
  '',
  'busybox',
  'none',
  'host',
  'bridge',
  'admin',
  'viewer',
  'operator',
  '64m',
  '-1',
  '1e400',
  'SIGKILL',
  '/etc',
  '../..',
  'é',
  '\u0000',
  'x'.repeat(5000),
];

/** Harmless commands only: a generated container may really start. */
const COMMANDS = [['true'], ['sleep', '1'], ['sh', '-c', 'echo fuzz'], [], ['/no/such/binary']];

/**
 * Places the server must never be sent to: a reference without a loopback registry means
 * Docker Hub. Pull and push only ever name a closed port on 127.0.0.1, or something invalid.
 */
const REGISTRY_REFERENCES = ['127.0.0.1:1/fuzz/image:1', '127.0.0.1:1/fuzz@sha256:' + '0'.repeat(64), 'not a reference', '', 'UPPER/Case'];

/** Subnets inside the default pool, or not subnets at all: the privilege matrix covers the rest. */
const SUBNETS = ['10.89.250.0/24', '10.89.251.0/28', 'not-a-subnet', '10.89.0.0/33', ''];

const QUERY_KEYS = [
  'all',
  'limit',
  'offset',
  'force',
  't',
  'signal',
  'timeout',
  'tail',
  'since',
  'until',
  'timestamps',
  'stdout',
  'stderr',
  'filters',
  'label',
  'v',
  'name',
  'status',
  'reference',
  'actor',
  'outcome',
  'suite',
  'tag',
  'dockerfile',
  'buildArgs',
  'noCache',
  'condition',
  'ps_args',
];
const QUERY_VALUES = ['true', 'false', '0', '1', '-1', '999999999999', 'abc', '{"type":["container"]}', '{bad', '2026-01-01T00:00:00Z', 'SIGTERM', '%00', ''];

export interface GeneratorOptions {
  /** Names of things that exist, used as path parameters now and then. */
  live: string[];
}

/**
 * Random requests for the registered routes: path parameters, query strings and JSON bodies
 * built from the API's own vocabulary mixed with wrong types, extremes and hostile strings.
 * Streams are asked for as one answer (follow/stream false, JSON accepted), so every request
 * ends; nothing sends the server off the machine.
 */
export function generateRequest(random: () => number, route: RegisteredRoute, options: GeneratorOptions): GeneratedRequest {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const pathValue = () => (random() < 0.4 ? pick(options.live) : pick(PATH_VALUES));
  const url = route.path.replace(/:[A-Za-z_]\w*/g, () => pathValue()).replace(/\{?\*[A-Za-z_]\w*\}?/g, () => pathValue()) + query(random, pick, route);
  if (route.method === 'GET' || route.method === 'DELETE' || route.method === 'HEAD') return { method: route.method, url };
  const registry = /\/(pull|push)$/.test(route.path);
  const roll = random();
  if (roll < 0.05) return { method: route.method, url, body: '{"unterminated": ', contentType: 'application/json' };
  if (roll < 0.08) return { method: route.method, url, body: 'plain text', contentType: 'text/plain' };
  if (roll < 0.1) return { method: route.method, url };
  return { method: route.method, url, body: JSON.stringify(value(random, pick, 0, registry)), contentType: 'application/json' };
}

function query(random: () => number, pick: <T>(items: readonly T[]) => T, route: RegisteredRoute): string {
  const pairs: string[] = [];
  const count = Math.floor(random() * 4);
  for (let index = 0; index < count; index++) {
    const key = pick(QUERY_KEYS);
    pairs.push(`${key}=${encodeURIComponent(pick(QUERY_VALUES))}`);
  }
  // One answer per request: no endless streams, and a wait gives up at once.
  pairs.push('follow=false', 'stream=false');
  if (route.path.endsWith('/wait')) pairs.push('timeout=1');
  return `?${pairs.join('&')}`;
}

function value(random: () => number, pick: <T>(items: readonly T[]) => T, depth: number, registry: boolean): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.15) return scalar(random, pick);
  if (roll < 0.25) return Array.from({ length: Math.floor(random() * 4) }, () => value(random, pick, depth + 1, registry));
  const object: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 6);
  for (let index = 0; index < count; index++) {
    const field = pick(FIELDS);
    object[field] = fieldValue(random, pick, field, depth, registry);
  }
  return object;
}

function fieldValue(random: () => number, pick: <T>(items: readonly T[]) => T, field: string, depth: number, registry: boolean): unknown {
  if (field === 'reference' || field === 'target') return registry || random() < 0.5 ? pick(REGISTRY_REFERENCES) : pick(['fuzz:1', 'busybox']);
  if (field === 'subnet') return pick(SUBNETS);
  if (field === 'image') return random() < 0.7 ? 'busybox' : scalar(random, pick);
  if (field === 'cmd' || field === 'entrypoint') return random() < 0.8 ? pick(COMMANDS) : scalar(random, pick);
  if (field === 'network' && random() < 0.8) return pick(['none', 'none', 'bridge', 'host', 'no-such-network']);
  if (field === 'ports' && random() < 0.5) return [{ containerPort: pick([80, 0, 70000, -1]), hostPort: pick([undefined, 20999, 0, 80]) }];
  return random() < 0.6 ? scalar(random, pick) : value(random, pick, depth + 1, registry);
}

function scalar(random: () => number, pick: <T>(items: readonly T[]) => T): unknown {
  return pick<unknown>([null, true, false, 0, -1, 1.5, 2 ** 53, 1e308, -1e308, pick(STRINGS), pick(STRINGS), Math.floor(random() * 100000)]);
}
