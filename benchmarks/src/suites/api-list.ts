import type { BerthClient, ContainerPage, CreatedContainer } from '../server/berth-client.js';
import { inParallel } from '../peers/in-parallel.js';
import type { Subject } from '../subjects/subject.js';
import { TRUE_IN_BUSYBOX } from './api-lifecycle.js';

const FULL_CATALOGUE = 1_000;
/** Smoke runs (the test suite) fill far fewer: each created container is a waiting shim and init process. */
const SMOKE_CATALOGUE = 20;
/** Requests in flight while filling: the server and PostgreSQL share two cores, more gains nothing. */
const FILL_CONCURRENCY = 8;
const PAGE = '/containers?all=true&limit=100';

/**
 * One page of the container list (`docker ps -a`, 100 rows) with a full catalogue: the
 * containers are created through the API and never started, so every row is `created`.
 * What the catalogue held is measured (the API's `total`) and written to the environment.
 */
export function berthRestList(client: BerthClient, smoke: boolean, environment: Record<string, string>): Subject {
  const wanted = smoke ? SMOKE_CATALOGUE : FULL_CATALOGUE;
  const created: string[] = [];
  let expectedRows = 0;

  const removeCreated = async () => {
    await inParallel(created.splice(0), (id) => client.request('DELETE', `/containers/${id}?force=true`), FILL_CONCURRENCY);
  };

  return {
    name: `berth list (REST API, ${wanted.toLocaleString('en')} containers)`,
    metric: 'list',
    method:
      `GET /api/v1${PAGE} with ${wanted.toLocaleString('en')} created (not started) containers in the catalogue` +
      (smoke ? ` (smoke run; a full run has ${FULL_CATALOGUE.toLocaleString('en')})` : ''),
    async setup() {
      const started = performance.now();
      try {
        await inParallel(
          Array.from({ length: wanted }, (_, index) => index),
          async () => {
            const container = await client.request<CreatedContainer>('POST', '/containers', TRUE_IN_BUSYBOX);
            created.push(container.id);
            if (container.status !== 'created') throw new Error(`a new container is ${container.status}, not created`);
          },
          FILL_CONCURRENCY,
        );
        const page = await client.request<ContainerPage>('GET', PAGE);
        if (page.total < wanted) throw new Error(`the API lists ${page.total} containers after ${wanted} were created`);
        expectedRows = Math.min(100, page.total);
        environment['list catalogue'] =
          `${page.total} containers (${created.length} created by this run in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
          `${FILL_CONCURRENCY} requests at a time)${smoke ? `; smoke run, a full run has ${FULL_CATALOGUE}` : ''}`;
      } catch (error) {
        // The server's stop kills what cannot be removed here; the first error is the one to report.
        await removeCreated().catch(() => undefined);
        throw error;
      }
    },
    async run() {
      const page = await client.request<ContainerPage>('GET', PAGE);
      if (page.items.length !== expectedRows) throw new Error(`a page of ${page.items.length} rows, expected ${expectedRows}`);
    },
    teardown: removeCreated,
  };
}
