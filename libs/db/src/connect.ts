import pg from 'pg';
import { DbError } from './db-error.js';
import { describeDatabaseUrl } from './database-url.js';

/**
 * Opens one connection, turning "cannot connect" into DB_UNREACHABLE with a message
 * that names the server (without its password) and what to check.
 */
export async function connect(url: string, timeoutMs = 5000): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError(
      'DB_UNREACHABLE',
      `cannot reach the database at ${describeDatabaseUrl(url)} (${reason}); check DATABASE_URL, or unset it to use the embedded PostgreSQL`,
      { cause: error },
    );
  }
}
