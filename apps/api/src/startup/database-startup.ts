import { join } from 'node:path';
import { applyMigrations, connect, DbError, EmbeddedPostgres } from '@berth/db';
import { StartupError } from './startup-error.js';

/** What opening the database needs of the configuration (startup comes after config, not the other way round). */
export interface DatabaseSettings {
  databaseUrl: string | undefined;
  root: string;
}

export interface DatabaseHandle {
  url: string;
  mode: 'embedded' | 'external';
  stop(): Promise<void>;
}

/**
 * DATABASE_URL set: use that server and start nothing. Unset: a private cluster under
 * `<root>/postgres`. Either way the database is migrated before the API answers.
 */
export async function openDatabase(config: DatabaseSettings, log: (line: string) => void): Promise<DatabaseHandle> {
  try {
    const handle = config.databaseUrl ? await useExternal(config.databaseUrl) : await startEmbedded(config.root, log);
    try {
      const report = await applyMigrations(handle.url);
      if (report.applied.length > 0) log(`applied migrations: ${report.applied.join(', ')}`);
    } catch (error) {
      await handle.stop();
      throw error;
    }
    return handle;
  } catch (error) {
    if (error instanceof DbError) throw new StartupError(error.code, error.message, { cause: error });
    throw error;
  }
}

async function useExternal(url: string): Promise<DatabaseHandle> {
  const client = await connect(url); // DB_UNREACHABLE with the server named, if it is not there
  await client.end();
  return { url, mode: 'external', stop: async () => undefined };
}

async function startEmbedded(root: string, log: (line: string) => void): Promise<DatabaseHandle> {
  const server = await EmbeddedPostgres.start({ baseDir: join(root, 'postgres'), log });
  log(`embedded PostgreSQL ready (${server.binaries.source} binaries)`);
  return { url: server.url, mode: 'embedded', stop: () => server.stop() };
}
