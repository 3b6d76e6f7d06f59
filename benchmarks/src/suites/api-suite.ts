import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBusyboxBundle, type BusyboxBundle } from '@berth/runtime/testing';
import { dockerRun } from '../peers/docker-run.js';
import { podmanRun } from '../peers/podman-run.js';
import { BerthClient } from '../server/berth-client.js';
import { saveBusybox } from '../server/save-busybox.js';
import { startBerthServer, type BerthServer } from '../server/berth-server.js';
import { berthDockerApi } from '../subjects/berth-docker-api.js';
import { berthLibrary } from '../subjects/berth-library.js';
import type { Subject } from '../subjects/subject.js';
import { berthRestLifecycle } from './api-lifecycle.js';
import { berthRestList } from './api-list.js';
import type { Suite } from './suite.js';

/**
 * Berth's REST API against the engines people run containers with: the built API server as a
 * process on a fresh state root (its embedded PostgreSQL, or DATABASE_URL), podman on a private
 * storage and a dockerd of the suite's own, all running busybox's /bin/true from the same image
 * bytes (the API's `docker save` archive, loaded into the peers). Each engine's daemon runs only
 * while its subject is measured; the API server, which the list measurement needs too, runs
 * throughout and is idle while the peers are measured.
 */
export const apiSuite: Suite = {
  name: 'api',
  description:
    "create + start + wait + remove of /bin/true in busybox through the REST API, podman and docker, and the docker client through Berth's Docker API; one page of the container list",
  baseline: 'podman run --rm',
  metric: 'create+start+wait+remove',
  budget: { iterations: 50, timeMs: 5_000 },
  async prepare(context) {
    const work = await mkdtemp(join(tmpdir(), 'berth-bench-api-peers-'));
    let server: BerthServer | undefined;
    let bundle: BusyboxBundle | undefined;
    try {
      server = await startBerthServer(context.log);
      context.log(`API server listening after ${(server.startupMs / 1000).toFixed(1)} s (${server.database})`);
      const client = new BerthClient(server.api, server.token);
      const archive = join(work, 'busybox.tar');
      const bytes = await saveBusybox(client);
      await writeFile(archive, bytes);
      const environment: Record<string, string> = {
        'berth server': `node apps/api/dist/main.js on 127.0.0.1, ${server.database}, log level warn; started in ${(server.startupMs / 1000).toFixed(1)} s`,
        image: `busybox:latest seeded from Debian's busybox-static; docker save archive of ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`,
      };
      // The runtime under the API, in this process, on an overlay of the same busybox: what the REST path adds is the difference.
      bundle = await makeBusyboxBundle();
      await bundle.writeSpec(['/bin/true'], (spec) => void (spec.root = { path: 'rootfs', readonly: false }));
      const subjects: Subject[] = [
        berthRestLifecycle(client),
        berthLibrary(bundle.dir, join(work, 'berth-lib'), { name: 'berth (library, warm, overlay)', overlay: { lowerDirs: [bundle.rootfs] } }),
        podmanRun(archive, join(work, 'podman'), environment, context.log),
        dockerRun(archive, join(work, 'docker'), environment, context.log),
        berthDockerApi(server.dockerSocket, join(work, 'docker-on-berth'), environment),
        berthRestList(client, context.smoke, environment),
      ];
      const running = server;
      const made = bundle;
      return {
        subjects,
        environment,
        async cleanup() {
          await running.stop();
          await made.remove();
          await rm(work, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await server?.stop();
      await bundle?.remove();
      await rm(work, { recursive: true, force: true });
      throw error;
    }
  },
};
