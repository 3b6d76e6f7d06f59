import type { TestProject } from 'vitest/node';
import { startBerthServer } from './berth-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The base URL of the one real Berth server the CLI's specs share. */
    berthUrl: string;
    /** Its bootstrap administrator's token, which the specs' `berth` runs with (BERTH_TOKEN). */
    berthToken: string;
  }
}

/** One server for the whole run: starting Berth and its database per spec file would dominate the time. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startBerthServer();
  project.provide('berthUrl', server.url);
  project.provide('berthToken', server.adminToken);
  return () => server.stop();
}
