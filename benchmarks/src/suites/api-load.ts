import { runLoad, type LoadReport } from '../peers/autocannon-run.js';
import { inParallel } from '../peers/in-parallel.js';
import { BerthClient, type ContainerPage, type CreatedContainer } from '../server/berth-client.js';
import { startBerthServer, type BerthServer } from '../server/berth-server.js';
import { percentile } from '../stats/summary.js';
import { MissingPeer, type Subject } from '../subjects/subject.js';
import { TRUE_IN_BUSYBOX } from './api-lifecycle.js';
import type { Suite } from './suite.js';

const CONNECTIONS = 10;
const CATALOGUE = { full: 100, smoke: 10 } as const;
const SECONDS = { full: 10, smoke: 1 } as const;
const WARMUP_SECONDS = { full: 2, smoke: 0 } as const;
const LATENCY = `latency under load (${CONNECTIONS} connections)`;
const THROUGHPUT = 'throughput (1000 / requests per second)';

interface Endpoint {
  name: string;
  /** Below the server's origin, e.g. /api/v1/system/info. */
  path: string;
  what: string;
}

/**
 * API latency percentiles and throughput with autocannon: keep-alive connections hammering one
 * GET each (the container list with a catalogue of created containers, the system info, the
 * console's index page) of the built API server, every request with the administrator's bearer
 * token. The load generator runs in the benchmark process, on the same two cores as the server
 * and its PostgreSQL, as a local client would.
 */
export const apiLoadSuite: Suite = {
  name: 'api-load',
  description: `GET latency percentiles and requests/s of the REST API under autocannon (${CONNECTIONS} keep-alive connections): container list, system info, console index`,
  baseline: 'GET /api/v1/system/info',
  async prepare(context) {
    const mode = context.smoke ? 'smoke' : 'full';
    let server: BerthServer | undefined;
    const created: string[] = [];
    try {
      server = await startBerthServer(context.log);
      const client = new BerthClient(server.api, server.token);
      const origin = server.api.replace(/\/api\/v1$/, '');
      await inParallel(
        Array.from({ length: CATALOGUE[mode] }, () => undefined),
        async () => created.push((await client.request<CreatedContainer>('POST', '/containers', TRUE_IN_BUSYBOX)).id),
        4,
      );
      const total = (await client.request<ContainerPage>('GET', '/containers?all=true&limit=1')).total;
      const environment: Record<string, string> = {
        'berth server': `node apps/api/dist/main.js on 127.0.0.1, ${server.database}, log level warn; started in ${(server.startupMs / 1000).toFixed(1)} s`,
        'load generator': `autocannon 9 in the benchmark process, ${CONNECTIONS} connections, ${SECONDS[mode]} s measured after ${WARMUP_SECONDS[mode]} s of warm-up per endpoint; Authorization: Bearer <admin token> on every request`,
        catalogue: `${total} containers (${created.length} created, not started, by this run)`,
      };
      const endpoints: Endpoint[] = [
        {
          name: 'GET /api/v1/containers?all=true',
          path: '/api/v1/containers?all=true',
          what: `the container list (first page) with ${total} containers in the catalogue`,
        },
        { name: 'GET /api/v1/system/info', path: '/api/v1/system/info', what: 'host, engine and store facts' },
        { name: 'GET / (console index)', path: '/', what: "the console's index.html, served by the API" },
      ];
      const running = server;
      return {
        subjects: endpoints.flatMap((endpoint) => endpointRows(endpoint, origin, client, mode, environment)),
        environment,
        async cleanup() {
          await inParallel(created.splice(0), (id) => client.request('DELETE', `/containers/${id}?force=true`), 4).catch(() => undefined);
          await running.stop();
        },
      };
    } catch (error) {
      await server?.stop();
      throw error;
    }
  },
};

/** A latency row (every request's latency) and a throughput row (each second's count), from one autocannon run. */
function endpointRows(endpoint: Endpoint, origin: string, client: BerthClient, mode: 'full' | 'smoke', environment: Record<string, string>): Subject[] {
  let report: Promise<LoadReport> | undefined;
  const url = `${origin}${endpoint.path}`;
  const measure = async () => {
    const probe = await fetch(url, { headers: client.authorization });
    if (endpoint.path === '/' && probe.status === 404)
      throw new MissingPeer('the console is not built, so the API serves no index page (npx nx run @berth/console:build)');
    if (!probe.ok) throw new Error(`GET ${endpoint.path} answered ${probe.status} before the load`);
    await probe.arrayBuffer();
    if (WARMUP_SECONDS[mode] > 0) await runLoad({ url, headers: client.authorization, connections: CONNECTIONS, seconds: WARMUP_SECONDS[mode] });
    const measured = await runLoad({ url, headers: client.authorization, connections: CONNECTIONS, seconds: SECONDS[mode] });
    if (measured.non2xx > 0 || measured.errors > 0)
      throw new Error(`GET ${endpoint.path} under load: ${measured.non2xx} non-2xx answers, ${measured.errors} errors`);
    const latencies = [...measured.latenciesMs].sort((a, b) => a - b);
    environment[`${endpoint.name}`] =
      `${measured.requestsPerSecond.toFixed(0)} requests/s; latency p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p95 ${percentile(latencies, 0.95).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms over ${latencies.length} requests`;
    return measured;
  };
  const once = () => (report ??= measure());
  return [
    {
      name: endpoint.name,
      metric: LATENCY,
      method: `autocannon GET ${endpoint.path} (${endpoint.what}): every response's latency of one ${SECONDS[mode]} s run is a sample`,
      collect: async () => (await once()).latenciesMs,
    },
    {
      name: endpoint.name,
      metric: THROUGHPUT,
      method: `the same run: each whole second's completed requests n gives a sample of 1000 / n ms; requests/s is in the environment`,
      collect: async () => (await once()).perSecond.map((count) => (count > 0 ? 1000 / count : Number.POSITIVE_INFINITY)),
    },
  ];
}
