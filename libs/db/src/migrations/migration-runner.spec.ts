import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { readMigrationFiles } from './migration-files.js';
import { applyMigrations } from './migration-runner.js';

let db: TestDatabase;
let dir: string;

async function addMigration(name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

async function history(): Promise<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }[]> {
  const client = await connect(db.url);
  try {
    return (await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name')).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  dir = await mkdtemp(join(tmpdir(), 'berth-migrations-'));
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('migration runner', () => {
  it('applies pending migrations in order and records them as prisma migrate deploy does', async () => {
    await addMigration('20260101000000_first', 'CREATE TABLE "a" (id int);');
    await addMigration('20260102000000_second', 'ALTER TABLE "a" ADD COLUMN name text;');
    const report = await applyMigrations(db.url, dir);
    expect(report).toEqual({ applied: ['20260101000000_first', '20260102000000_second'], alreadyApplied: [] });
    const files = await readMigrationFiles(dir);
    const rows = await history();
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(files.map((file) => [file.name, file.checksum, 1]));
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
  });

  it('does nothing the second time', async () => {
    const report = await applyMigrations(db.url, dir);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toHaveLength(2);
  });

  it('rolls a failing migration back whole and reports it', async () => {
    await addMigration('20260103000000_broken', 'CREATE TABLE "b" (id int); SELECT * FROM "missing_table";');
    await expect(applyMigrations(db.url, dir)).rejects.toMatchObject({
      code: 'DB_MIGRATION_FAILED',
      message: expect.stringContaining('20260103000000_broken'),
    });
    const client = await connect(db.url);
    try {
      const table = await client.query(`SELECT to_regclass('"b"') AS b`);
      expect(table.rows[0].b).toBeNull();
    } finally {
      await client.end();
    }
    expect((await history()).map((row) => row.migration_name)).not.toContain('20260103000000_broken');
    await rm(join(dir, '20260103000000_broken'), { recursive: true });
  });

  it('refuses a migration that was edited after it was applied', async () => {
    await writeFile(join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "a" (id bigint);');
    await expect(applyMigrations(db.url, dir)).rejects.toMatchObject({ code: 'DB_MIGRATION_MODIFIED' });
  });

  it('names the server it cannot reach, without its password', async () => {
    const error = await applyMigrations('postgresql://berth:secret@127.0.0.1:1/berth', dir).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DB_UNREACHABLE' });
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('secret');
  });
});
