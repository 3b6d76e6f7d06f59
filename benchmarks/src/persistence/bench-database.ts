import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, createPrismaClient, EmbeddedPostgres, type BerthPrismaClient } from '@berth/db';

export interface BenchDatabase {
  prisma: BerthPrismaClient;
  /** Where the runs went, for the log line (the embedded cluster's directory, or "DATABASE_URL"). */
  where: string;
  close(): Promise<void>;
}

/**
 * The database runs are kept in: DATABASE_URL's server when set (CI, or a shared history),
 * else a private embedded PostgreSQL under the benchmarks' state directory, started only
 * for as long as the command needs it. It is not the API's cluster (`<BERTH_ROOT>/postgres`):
 * that one is locked by a running API, and a benchmark history should outlive wiping Berth's
 * state. Either way the real migrations are applied first.
 */
export async function openBenchDatabase(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  const external = env['DATABASE_URL'];
  if (external) {
    await applyMigrations(external);
    const prisma = createPrismaClient(external, { maxConnections: 2 });
    return { prisma, where: 'DATABASE_URL', close: () => prisma.$disconnect() };
  }
  const stateDir = benchStateDir(env);
  // Created here, traversable: the cluster would create missing parents 0700 as root, and
  // then PostgreSQL, which runs as an unprivileged user, could not reach its own directory.
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  const baseDir = join(stateDir, 'postgres');
  const server = await EmbeddedPostgres.start({ baseDir, database: 'berth_bench', log });
  try {
    await applyMigrations(server.url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const prisma = createPrismaClient(server.url, { maxConnections: 2 });
  return {
    prisma,
    where: `embedded PostgreSQL in ${baseDir}`,
    async close() {
      await prisma.$disconnect();
      await server.stop();
    },
  };
}

/** BERTH_BENCH_STATE, else `benchmarks/` in Berth's state root (BERTH_ROOT, /var/lib/berth for root, else the XDG data dir). */
export function benchStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['BERTH_BENCH_STATE']) return env['BERTH_BENCH_STATE'];
  if (env['BERTH_ROOT']) return join(env['BERTH_ROOT'], 'benchmarks');
  if (process.getuid?.() === 0) return '/var/lib/berth/benchmarks';
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'berth', 'benchmarks');
}
