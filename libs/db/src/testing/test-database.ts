import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPrismaClient, type BerthPrismaClient } from '../client-factory.js';
import { connect } from '../connect.js';
import { withDatabase } from '../database-url.js';
import { applyMigrations } from '../migrations/migration-runner.js';

/** Set by `npm test` (or the vitest global setup): a URL on the test server with rights to create databases. */
export const TEST_DATABASE_ENV = 'BERTH_TEST_DATABASE_URL';

export interface TestDatabase {
  name: string;
  url: string;
  prisma: BerthPrismaClient;
  /** Disconnects and drops the database; call it in afterAll. */
  drop(): Promise<void>;
}

/**
 * A database of its own for one test suite, migrated with the real migrations, so suites
 * can run in parallel against one server and leave nothing behind.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = testServerUrl();
  const name = `berth_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await connect(adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  if (options.migrate ?? true) await applyMigrations(url);
  const prisma = createPrismaClient(url, { maxConnections: 4 });
  return {
    name,
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      const client = await connect(adminUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function testServerUrl(): string {
  const url = process.env[TEST_DATABASE_ENV];
  if (!url) {
    throw new Error(
      `${TEST_DATABASE_ENV} is not set: run the tests with \`npm test\`, or add @berth/db/testing's global setup to this project's vitest config`,
    );
  }
  return url;
}
