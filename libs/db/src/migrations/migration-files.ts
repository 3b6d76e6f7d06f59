import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MigrationFile {
  /** Folder name, e.g. `20261129000000_init`; the order migrations apply in. */
  name: string;
  sql: string;
  /** SHA-256 of the script, as `prisma migrate` records it. */
  checksum: string;
}

/** The migrations shipped with this package (libs/db/prisma/migrations); same depth from src/ and dist/. */
export const BUNDLED_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in name order. */
export async function readMigrationFiles(dir: string = BUNDLED_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}
