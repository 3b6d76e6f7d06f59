/** Stable codes for everything that can go wrong in the persistence layer. */
export type DbErrorCode =
  | 'DB_UNREACHABLE'
  | 'DB_MIGRATION_FAILED'
  | 'DB_MIGRATION_MODIFIED'
  | 'DB_MIGRATION_UNFINISHED'
  | 'PG_BINARIES_NOT_FOUND'
  | 'PG_DATA_DIR_UNWRITABLE'
  | 'PG_START_FAILED'
  | 'PG_STOP_FAILED'
  | 'PG_USER_FAILED';

/**
 * An error with a stable code and a message that says what to do about it.
 * Callers switch on `code`; people read `message`.
 */
export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
