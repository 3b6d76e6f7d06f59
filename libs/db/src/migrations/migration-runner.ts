import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { connect } from '../connect.js';
import { DbError } from '../db-error.js';
import { readMigrationFiles, type MigrationFile } from './migration-files.js';

/**
 * Applies `prisma/migrations` the way `prisma migrate deploy` does and records them in
 * `_prisma_migrations` with the same columns, so the Prisma CLI (where it can run)
 * sees the database as up to date. The schema engine cannot be downloaded on the
 * machines Berth targets, which is why this runner exists.
 */

// The advisory lock key `prisma migrate` takes, so the CLI and this runner never interleave.
const PRISMA_MIGRATE_LOCK = 72707369;

const CREATE_HISTORY_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

export async function applyMigrations(databaseUrl: string, migrationsDir?: string): Promise<MigrationReport> {
  const files = await readMigrationFiles(migrationsDir);
  const client = await connect(databaseUrl);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_HISTORY_TABLE);
    const applied = await readHistory(client);
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      const previous = applied.get(file.name);
      if (previous) {
        checkUnchanged(file, previous);
        report.alreadyApplied.push(file.name);
        continue;
      }
      await applyOne(client, file);
      report.applied.push(file.name);
    }
    return report;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Lists migrations in the directory that the database has not applied yet. */
export async function pendingMigrations(client: pg.Client, migrationsDir?: string): Promise<string[]> {
  const files = await readMigrationFiles(migrationsDir);
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return files.map((file) => file.name);
  const applied = await readHistory(client);
  return files.filter((file) => !applied.get(file.name)).map((file) => file.name);
}

async function readHistory(client: pg.Client): Promise<Map<string, AppliedRow>> {
  const result = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
  );
  const unfinished = result.rows.find((row) => row.finished_at === null);
  if (unfinished) {
    throw new DbError(
      'DB_MIGRATION_UNFINISHED',
      `migration ${unfinished.migration_name} started earlier but never finished; repair the database by hand, then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${unfinished.migration_name}')`,
    );
  }
  return new Map(result.rows.map((row) => [row.migration_name, row]));
}

function checkUnchanged(file: MigrationFile, previous: AppliedRow): void {
  if (previous.checksum !== file.checksum) {
    throw new DbError(
      'DB_MIGRATION_MODIFIED',
      `migration ${file.name} was edited after it was applied (checksum ${previous.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk); restore the original file and put the change in a new migration`,
    );
  }
}

/** One migration, all or nothing: the script and its history row commit together. */
async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError('DB_MIGRATION_FAILED', `migration ${file.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}
