/**
 * Describes a database URL for messages without leaking its password:
 * `postgresql://berth@db.example:5432/berth`.
 */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    const socketDir = parsed.searchParams.get('host');
    return socketDir
      ? `${parsed.protocol}//${parsed.username}@[${socketDir}]${parsed.pathname}`
      : `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** A URL for a server listening on a unix socket directory (node-postgres understands `?host=`). */
export function socketDatabaseUrl(socketDir: string, user: string, database: string): string {
  return `postgresql://${encodeURIComponent(user)}@localhost/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}`;
}

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
