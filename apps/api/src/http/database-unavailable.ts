/**
 * Whether an error means "PostgreSQL is not there right now" (down, restarting, socket
 * gone) rather than a bad query: those become 503, so clients retry instead of reporting
 * a bug. Prisma wraps the driver's error; the cause chain is searched.
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  // A unix socket that is gone.
  'ENOENT',
  // Prisma's "can't reach database server", "server closed the connection", pool timeout.
  'P1001',
  'P1017',
  'P2024',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now.
  '57P01',
  '57P02',
  '57P03',
]);

const CONNECTION_MESSAGES =
  /Can't reach database server|Connection terminated|connection (is|was) closed|ECONNREFUSED|the database system is (shutting down|starting up)|Server has closed the connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const candidate = current as { code?: unknown; errorCode?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    for (const code of [candidate.code, candidate.errorCode, candidate.originalCode]) if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (typeof candidate.message === 'string' && CONNECTION_MESSAGES.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
