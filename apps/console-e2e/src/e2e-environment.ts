import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@berth/db/testing';
import { startBerthServer, type BerthServer } from '@berth/testing';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';

export interface E2eEnvironment {
  server: BerthServer;
  browser: Browser;
  close(): Promise<void>;
}

export interface E2eEnvironmentOptions {
  /**
   * `test` (the default): a database of its own in the tests' PostgreSQL. `embedded`: the
   * server's own embedded PostgreSQL under its state root, as `npm start` runs it, for tests
   * of what other programs on the host find there (the bench CLI stores its runs in it).
   */
  database?: 'test' | 'embedded';
}

/** A database, the built server on it, and Chromium: what each spec file starts with. */
export async function startE2eEnvironment(options: E2eEnvironmentOptions = {}): Promise<E2eEnvironment> {
  // The server migrates the database at start, as in production.
  const db: TestDatabase | undefined = options.database === 'embedded' ? undefined : await createTestDatabase({ migrate: false });
  let server: BerthServer | undefined;
  try {
    // Strict cleanup: a container or network the console's tests could not remove is a failure, not a leftover.
    server = await startBerthServer({ databaseUrl: db?.url, rootPrefix: join(tmpdir(), 'berth-e2e-'), cleanup: 'strict' });
    const browser = await launchBrowser();
    const started = server;
    return {
      server: started,
      browser,
      async close() {
        await browser.close();
        await started.stop();
        await db?.drop();
      },
    };
  } catch (error) {
    await server?.stop();
    await db?.drop();
    throw error;
  }
}
