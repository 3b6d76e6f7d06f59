import type { BerthClient } from './berth-client.js';

/** The seeded image as `docker save` writes it, through the API (GET /images/busybox/save): the bytes the peers load. */
export async function saveBusybox(client: BerthClient): Promise<Buffer> {
  const response = await client.fetch('GET', '/images/busybox/save');
  if (response.status === 404) {
    throw new Error('busybox:latest is not in the API server’s store: it is seeded from Debian’s busybox-static (apt-get install busybox-static)');
  }
  if (!response.ok) throw new Error(`GET /images/busybox/save answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return Buffer.from(await response.arrayBuffer());
}
