import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../postgres/embedded-postgres.js';
import { TEST_DATABASE_ENV } from './test-database.js';

/**
 * Vitest global setup for projects whose tests need PostgreSQL. Under `npm test` the
 * server is already running (one for all projects); a developer running one project's
 * tests alone gets a throwaway cluster here, or uses DATABASE_URL's server.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[TEST_DATABASE_ENV]) return undefined;
  if (process.env['DATABASE_URL']) {
    process.env[TEST_DATABASE_ENV] = process.env['DATABASE_URL'];
    return undefined;
  }
  const baseDir = mkdtempSync(join(tmpdir(), 'berth-test-pg-'));
  const server = await EmbeddedPostgres.start({ baseDir, ephemeral: true });
  process.env[TEST_DATABASE_ENV] = server.adminUrl;
  return async () => {
    await server.stop();
    rmSync(baseDir, { recursive: true, force: true });
  };
}
