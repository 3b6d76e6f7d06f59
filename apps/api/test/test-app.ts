import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@berth/db/testing';
import { BUSYBOX_CONFIG, busyboxLayer, ImageStore, writeImage } from '@berth/images';
import { removeFirewallChains, sweepNetwork } from '@berth/runtime';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { loadConfig } from '../src/config/berth-config.js';
import { createApp } from '../src/create-app.js';
import { RuntimeAdapter } from '../src/engine/runtime-adapter.js';
import { NetworkOwners } from '../src/networks/network-owners.js';

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  root: string;
  /** The bootstrap administrator's token (BERTH_ADMIN_TOKEN), admin of the default team. */
  adminToken: string;
  /** supertest for the current app, sending the administrator's token with every request. */
  http(): ReturnType<typeof request.agent>;
  /** Closes the app (containers keep running, as they do when the API process restarts) and starts a new one on the same root and database. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real application on its own migrated database and state root, for supertest. The
 * store holds `busybox:latest` (Debian's busybox-static as one layer), as `berth-seed` makes it.
 * `onQuery` is told every SQL statement the app sends (to count what a request costs).
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options: { onQuery?: (sql: string) => void } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'berth-api-test-'));
  // Containers run as other users too (remapping): the root must be traversable.
  chmodSync(root, 0o755);
  const layer = await busyboxLayer();
  await writeImage(new ImageStore(join(root, 'images')), 'busybox:latest', [{ tar: () => layer }], BUSYBOX_CONFIG);
  const adminToken = `berth_test_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({ BERTH_ROOT: root, BERTH_LOG_LEVEL: 'silent', BERTH_ADMIN_TOKEN: adminToken, ...env });
  const database = { url: db.url, mode: 'external', onQuery: options.onQuery } as const;
  let app = await createApp({ config, database });
  return {
    get app() {
      return app;
    },
    db,
    root,
    adminToken: config.adminToken ?? adminToken,
    http() {
      return request.agent(app.getHttpServer()).set('Authorization', `Bearer ${config.adminToken ?? adminToken}`);
    },
    async restart() {
      await app.close();
      app = await createApp({ config, database });
    },
    async close() {
      // Containers outlive the API by design; a test's must not outlive the test. Delete them
      // all (and their cgroups, the parent included) before the state root goes.
      const runtime = app.get(RuntimeAdapter);
      for (const id of await runtime.runtimeIds()) await runtime.delete(id, { force: true });
      await runtime.sweepOrphans({ killProcesses: true });
      // Bridges, host veths and firewall rules are kernel state that outlives the app too:
      // everything carrying this root's mark goes (another test app's stays).
      await sweepNetwork({ keepOwners: [], ownerPrefix: new NetworkOwners(root).prefix });
      // Berth's empty chains and their hooks too, unless another app's rules are still in them.
      await removeFirewallChains().catch(() => undefined);
      await app.close();
      await db.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
