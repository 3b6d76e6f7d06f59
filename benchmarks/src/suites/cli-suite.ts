import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binaryVersion, findBinary } from '../peers/find-binary.js';
import { dockerRun } from '../peers/docker-run.js';
import { inParallel } from '../peers/in-parallel.js';
import { podmanRun } from '../peers/podman-run.js';
import { runProcess } from '../peers/run-process.js';
import { BerthClient, type ContainerPage, type CreatedContainer } from '../server/berth-client.js';
import { startBerthServer, type BerthServer } from '../server/berth-server.js';
import { saveBusybox } from '../server/save-busybox.js';
import { missingSubject, type Subject } from '../subjects/subject.js';
import { TRUE_IN_BUSYBOX } from './api-lifecycle.js';
import type { Suite } from './suite.js';

/** The `berth` bin as people run it (the bundled CLI through V8's code cache). */
const BERTH = fileURLToPath(new URL('../../../apps/cli/bin/berth.cjs', import.meta.url));
const CATALOGUE = 100;
/** Smoke runs (the test suite) fill fewer: each created container is a waiting shim and init process. */
const SMOKE_CATALOGUE = 10;
const FILL_CONCURRENCY = 8;
const START = 'cold start';
const RUN = 'run --rm';

/**
 * The `berth` command line as a person types it, each sample a new process: `--version` and
 * `ps` against Node's own start (`node -e 0`), beside the docker and podman clients' start; and
 * `berth run --rm --network none busybox true` beside `docker run --rm` and `podman run --rm`
 * on the same image bytes. Ratios are to `node -e 0`, in the start rows only.
 */
export const cliSuite: Suite = {
  name: 'cli',
  description: 'the berth CLI as a cold process: --version and ps (100 containers in the catalogue) against node -e 0; run --rm against docker and podman',
  baseline: 'node -e 0',
  metric: START,
  budget: { iterations: 30, timeMs: 5_000 },
  async prepare(context) {
    const work = await mkdtemp(join(tmpdir(), 'berth-bench-cli-'));
    let server: BerthServer | undefined;
    try {
      server = await startBerthServer(context.log);
      context.log(`API server listening after ${(server.startupMs / 1000).toFixed(1)} s (${server.database})`);
      const client = new BerthClient(server.api, server.token);
      const env = { ...process.env, BERTH_URL: server.api.replace(/\/api\/v1$/, ''), BERTH_TOKEN: server.token };
      const wanted = context.smoke ? SMOKE_CATALOGUE : CATALOGUE;
      const total = await fillCatalogue(client, wanted);
      const archive = join(work, 'busybox.tar');
      const bytes = await saveBusybox(client);
      await writeFile(archive, bytes);
      const environment: Record<string, string> = {
        'berth server': `node apps/api/dist/main.js on 127.0.0.1, ${server.database}, log level warn`,
        'ps catalogue': `${total} created (never started) containers${context.smoke ? ` (smoke run; a full run has ${CATALOGUE})` : ''}`,
        image: `busybox:latest seeded from Debian's busybox-static; docker save archive of ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`,
        node: process.version,
      };
      const subjects: Subject[] = [
        command('node -e 0', 'node -e 0: Node starting and exiting, the floor for a CLI written for it', process.execPath, ['-e', '0']),
        command('berth --version', 'node apps/cli/bin/berth.cjs --version', process.execPath, [BERTH, '--version']),
        command(
          `berth ps (${total} containers)`,
          `node apps/cli/bin/berth.cjs ps -a: one page of ${total} rows from the API`,
          process.execPath,
          [BERTH, 'ps', '-a'],
          env,
        ),
        {
          name: `GET /containers (${total} containers)`,
          metric: 'api answer',
          method: "the request berth ps makes, from this warm process over keep-alive HTTP: the server's share of berth ps",
          run: async () => {
            await client.request<ContainerPage>('GET', '/containers?all=true&offset=0&limit=1000');
          },
        },
        peerVersion('docker --version', 'docker', environment),
        peerVersion('podman --version', 'podman', environment),
        {
          ...command(
            'berth run --rm',
            'node apps/cli/bin/berth.cjs run --rm --network none busybox true (create, attach, start, wait, remove over the REST API)',
            process.execPath,
            [BERTH, 'run', '--rm', '--network', 'none', 'busybox', 'true'],
            env,
          ),
          metric: RUN,
        },
        { ...dockerRun(archive, join(work, 'docker'), environment, context.log), metric: RUN },
        { ...podmanRun(archive, join(work, 'podman'), environment, context.log), metric: RUN },
      ];
      const running = server;
      return {
        subjects,
        environment,
        async cleanup() {
          await running.stop();
          await rm(work, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await server?.stop();
      await rm(work, { recursive: true, force: true });
      throw error;
    }
  },
};

function command(name: string, method: string, binary: string, args: string[], env?: NodeJS.ProcessEnv): Subject {
  return { name, method, run: () => runProcess(binary, args, { env }) };
}

/** A peer's client starting and printing its version: no daemon involved. */
function peerVersion(name: string, binary: string, environment: Record<string, string>): Subject {
  // Debian's docker client is /usr/bin/docker; another one earlier on PATH is not docker.io's.
  const path = binary === 'docker' ? (findBinary(binary, '/usr/bin') ?? findBinary(binary)) : findBinary(binary);
  if (!path) return missingSubject(name, `${binary} --version`, `${binary} is not installed (\`npm run bench\` installs it)`);
  environment[`${binary} client`] = `${path}: ${binaryVersion(path)}`;
  return command(name, `${path} --version: the peer's client starting, no daemon involved`, path, ['--version']);
}

/** `wanted` created containers through the API; answers what the catalogue then holds. */
async function fillCatalogue(client: BerthClient, wanted: number): Promise<number> {
  await inParallel(
    Array.from({ length: wanted }, (_, index) => index),
    async () => {
      const container = await client.request<CreatedContainer>('POST', '/containers', TRUE_IN_BUSYBOX);
      if (container.status !== 'created') throw new Error(`a new container is ${container.status}, not created`);
    },
    FILL_CONCURRENCY,
  );
  const page = await client.request<ContainerPage>('GET', '/containers?all=true&limit=100');
  if (page.total < wanted) throw new Error(`the API lists ${page.total} containers after ${wanted} were created`);
  return page.total;
}
