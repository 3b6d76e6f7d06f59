import type { BerthClient, CreatedContainer, WaitResult } from '../server/berth-client.js';
import type { Subject } from '../subjects/subject.js';

/** What every subject of the api suite runs: busybox's /bin/true with no network (the peers pass `--network none`). */
export const TRUE_IN_BUSYBOX = { image: 'busybox', cmd: ['/bin/true'], network: 'none' } as const;

/**
 * Berth through its REST API, as a client such as the CLI or the console drives it: one
 * sample is the four requests that `docker run --rm` amounts to, each waiting for the last.
 */
export function berthRestLifecycle(client: BerthClient): Subject {
  // A sample that fails half-way leaves its container; teardown removes it.
  const unfinished = new Set<string>();
  return {
    name: 'berth (REST API)',
    method: 'POST /api/v1/containers {image: busybox, cmd: [/bin/true], network: none} → POST …/start → POST …/wait → DELETE …, over keep-alive HTTP',
    async run() {
      const { id } = await client.request<CreatedContainer>('POST', '/containers', TRUE_IN_BUSYBOX);
      unfinished.add(id);
      await client.request('POST', `/containers/${id}/start`);
      const exit = await client.request<WaitResult>('POST', `/containers/${id}/wait`);
      await client.request('DELETE', `/containers/${id}`);
      unfinished.delete(id);
      if (exit.exitCode !== 0) throw new Error(`/bin/true exited ${exit.exitCode}`);
    },
    async teardown() {
      for (const id of unfinished) await client.request('DELETE', `/containers/${id}?force=true`).catch(() => undefined);
    },
  };
}
