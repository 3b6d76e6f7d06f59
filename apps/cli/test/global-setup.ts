import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUSYBOX_CONFIG, busyboxLayer, ImageStore, writeImage } from '@berth/images';
import { startBerthServer } from '@berth/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The base URL of the one real Berth server the CLI's specs share. */
    berthUrl: string;
    /** Its bootstrap administrator's token, which the specs' `berth` runs with (BERTH_TOKEN). */
    berthToken: string;
  }
}

/**
 * One server for the whole run: starting Berth and its database per spec file would dominate
 * the time. The built API (the project's `test` target builds it first) on its own embedded
 * PostgreSQL, with `busybox:latest` in the store; the CLI may not import the API's code
 * (apps are leaves), so it talks to it the way users do: over HTTP.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startBerthServer({
    // Short on purpose: a container's attach socket lives under the root, and socket paths end at 107 bytes.
    rootPrefix: '/tmp/bcli-',
    prepareRoot: async (root) => {
      const layer = await busyboxLayer();
      await writeImage(new ImageStore(join(root, 'images')), 'busybox:latest', [{ tar: () => layer }], BUSYBOX_CONFIG);
    },
    cleanup: 'best-effort',
  });
  project.provide('berthUrl', server.url);
  project.provide('berthToken', server.adminToken);
  return () => server.stop();
}
