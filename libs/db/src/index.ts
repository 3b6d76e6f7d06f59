export { createPrismaClient, type BerthPrismaClient } from './client-factory.js';
export { connect } from './connect.js';
export { DbError, type DbErrorCode } from './db-error.js';
export { describeDatabaseUrl, socketDatabaseUrl, withDatabase } from './database-url.js';
export { applyMigrations, pendingMigrations, type MigrationReport } from './migrations/migration-runner.js';
export { readMigrationFiles, BUNDLED_MIGRATIONS_DIR, type MigrationFile } from './migrations/migration-files.js';
export { EmbeddedPostgres, type EmbeddedPostgresOptions } from './postgres/embedded-postgres.js';
export { findPostgresBinaries } from './postgres/postgres-binaries.js';
export * as Models from './generated/prisma/client.js';
