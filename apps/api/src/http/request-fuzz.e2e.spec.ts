import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ROLE_NAMES, type RoleName } from '@berth/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWithRole } from '../../test/access-fixtures.js';
import { changesBetween, hostState } from '../../test/host-state.js';
import { registeredRoutes, type RegisteredRoute } from '../../test/registered-routes.js';
import { generateRequest, seededRandom, type GeneratedRequest } from '../../test/request-generator.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { RuntimeAdapter } from '../engine/runtime-adapter.js';
import { NetworkOwners } from '../networks/network-owners.js';

/**
 * 10,000 generated requests across every registered route and every role (and none), on the
 * real server, database and kernel: no answer may be a 5xx, the server's memory must come
 * back near where it started, and once what the requests made is removed nothing is left on
 * the host. The seed is printed; FUZZ_SEED replays a run, FUZZ_SEED=random draws a new one.
 */
const REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 5_000;
// A fixed seed keeps CI reproducible; FUZZ_SEED=random (or a number) explores other runs.
const SEED = process.env['FUZZ_SEED'] === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env['FUZZ_SEED'] ?? 945_001_159);

// Starting a benchmark run spawns the benchmark CLI for minutes; its rule is in the access matrix.
const SKIPPED = new Set(['POST /api/v1/benchmarks/runs']);

let subject: TestApp;
let base: string;
let routes: RegisteredRoute[];
const tokens = {} as Record<RoleName, string>;

beforeAll(async () => {
  subject = await startTestApp();
  await subject.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(subject.app.getHttpServer().address() as AddressInfo).port}`;
  routes = registeredRoutes(subject.app).filter((route) => !SKIPPED.has(`${route.method} ${route.path}`));
  for (const role of ROLE_NAMES) tokens[role] = role === 'admin' ? subject.adminToken : await tokenWithRole(subject, role);
}, 60_000);
afterAll(async () => {
  await subject?.close();
});

interface Answer {
  status: number;
  code?: string;
  timedOut: boolean;
}

/**
 * The one 5xx allowed: pull and push name a registry on a closed port of 127.0.0.1 (never one
 * off the machine), and the API answers that as the gateway it is — 502 REGISTRY_UNREACHABLE.
 */
const GATEWAY_ANSWER = '502 REGISTRY_UNREACHABLE';

async function send(request: GeneratedRequest, token: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (request.contentType) headers['content-type'] = request.contentType;
  try {
    const response = await fetch(base + request.url, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const code = response.status >= 500 ? (JSON.parse(text || '{}') as { code?: string }).code : undefined;
    return { status: response.status, code, timedOut: false };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { status: 0, timedOut: true };
    throw error;
  }
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Everything the requests may have made in the team, removed through the API as a user would. */
async function removeWhatTheyMade(): Promise<void> {
  const admin = subject.http();
  for (const item of (await admin.get('/api/v1/containers?all=true&limit=1000')).body.items as { id: string }[]) {
    await admin.delete(`/api/v1/containers/${item.id}?force=true`);
  }
  for (const network of (await admin.get('/api/v1/networks').query({ limit: 1000 })).body.items as { name: string }[])
    await admin.delete(`/api/v1/networks/${network.name}`);
  for (const volume of (await admin.get('/api/v1/volumes').query({ limit: 1000 })).body.items as { name: string }[])
    await admin.delete(`/api/v1/volumes/${volume.name}`);
}

describe('request fuzzing', () => {
  it(`answers ${REQUESTS} generated requests on every route and role without a 5xx, in bounded memory, leaving nothing`, { timeout: 900_000 }, async () => {
    const admin = subject.http();
    await admin
      .post('/api/v1/containers')
      .send({ image: 'busybox', name: 'fuzz-live', cmd: ['sleep', '600'], network: 'none', resources: { memory: '32m' } })
      .expect(201);
    await admin.post('/api/v1/containers/fuzz-live/start').expect(200);
    const hostBefore = await hostState(subject);
    const random = seededRandom(SEED);
    const roles: (RoleName | undefined)[] = [undefined, ...ROLE_NAMES];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let timeouts = 0;
    let gatewayAnswers = 0;
    let sent = 0;
    let rssAfterWarmUp = 0;
    let heapAfterWarmUp = 0;
    const memoryLog: string[] = [];

    const worker = async () => {
      while (sent < REQUESTS) {
        sent += 1;
        if (sent % 1000 === 500) {
          collectGarbage();
          const { rss, heapUsed } = process.memoryUsage();
          if (sent === 500) [rssAfterWarmUp, heapAfterWarmUp] = [rss, heapUsed];
          memoryLog.push(`${sent}: rss ${(rss / 2 ** 20).toFixed(0)} MiB, heap ${(heapUsed / 2 ** 20).toFixed(0)} MiB`);
        }
        const route = routes[Math.floor(random() * routes.length)]!;
        const role = roles[Math.floor(random() * roles.length)];
        const request = generateRequest(random, route, { live: ['fuzz-live', 'bridge', 'busybox'] });
        const answer = await send(request, role && tokens[role]);
        if (answer.timedOut) timeouts += 1;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (`${answer.status} ${answer.code}` === GATEWAY_ANSWER) gatewayAnswers += 1;
        else if (answer.status >= 500 && failures.length < 20)
          failures.push(`${answer.status} ${request.method} ${request.url} as ${role ?? 'anonymous'}: ${request.body ?? ''}`);
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    collectGarbage();
    const rssGrowth = process.memoryUsage().rss - rssAfterWarmUp;
    const heapGrowth = process.memoryUsage().heapUsed - heapAfterWarmUp;
    console.log(
      `fuzz seed ${SEED}: ${REQUESTS} requests in ${seconds.toFixed(1)} s over ${routes.length} routes × ${roles.length} roles; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; timeouts ${timeouts}; ${gatewayAnswers} × ${GATEWAY_ANSWER}; ` +
        `after 500 requests to the end: heap ${(heapGrowth / 2 ** 20).toFixed(1)} MiB, RSS ${(rssGrowth / 2 ** 20).toFixed(1)} MiB; ${memoryLog.join('; ')}`,
    );

    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(timeouts, `seed ${SEED}: requests that did not end in ${REQUEST_TIMEOUT_MS} ms`).toBeLessThan(REQUESTS / 100);
    // Back near the start: live objects after a full GC, and the process size (which keeps some freed pages).
    expect(heapGrowth).toBeLessThan(32 * 2 ** 20);
    expect(rssGrowth).toBeLessThan(128 * 2 ** 20);

    await removeWhatTheyMade();
    expect((await admin.get('/api/v1/containers?all=true').expect(200)).body.total).toBe(0);
    expect(await subject.app.get(RuntimeAdapter).runtimeIds()).toEqual([]);
    // The kernel's side (links, routes, rules marked as this app's); the catalogue keeps events and tags by design.
    const changes = changesBetween(hostBefore, await hostState(subject), new NetworkOwners(subject.root).prefix);
    expect(changes.filter((change) => /^(links|routes|iptables) /.test(change))).toEqual([]);
  });
});
