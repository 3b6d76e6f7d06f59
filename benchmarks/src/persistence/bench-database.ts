import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, createPrismaClient, EmbeddedPostgres, socketDatabaseUrl, type BerthPrismaClient } from '@berth/db';
import pg from 'pg';

export interface BenchDatabase {
  prisma: BerthPrismaClient;
  /** Where the runs went, for the log line (the embedded cluster's directory, or "DATABASE_URL"). */
  where: string;
  close(): Promise<void>;
}

/**
 * The database runs are kept in: DATABASE_URL's server when set (CI, or a shared history);
 * else the running API's own embedded PostgreSQL (`<BERTH_ROOT>/postgres`, through its socket),
 * so that a run from the command line is on the console's Benchmarks page; else, with no API
 * running, a private embedded PostgreSQL under the benchmarks' state directory, started only
 * for as long as the command needs it (the API's cluster belongs to the API, which starts it).
 * Either way the real migrations are applied first.
 */
export async function openBenchDatabase(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  const external = env['DATABASE_URL'];
  if (external) return openServer(external, 'DATABASE_URL');
  const api = apiDatabaseUrl(env);
  if (await reachable(api)) return openServer(api, `the running API's database in ${join(berthRoot(env), 'postgres')}`);
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

async function openServer(url: string, where: string): Promise<BenchDatabase> {
  await applyMigrations(url);
  const prisma = createPrismaClient(url, { maxConnections: 2 });
  return { prisma, where, close: () => prisma.$disconnect() };
}

/** BERTH_BENCH_STATE, else `benchmarks/` in Berth's state root. */
export function benchStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['BERTH_BENCH_STATE'] || join(berthRoot(env), 'benchmarks');
}

/** Berth's state root as the API picks it: BERTH_ROOT, /var/lib/berth for root, else the XDG data dir. */
function berthRoot(env: NodeJS.ProcessEnv): string {
  if (env['BERTH_ROOT']) return env['BERTH_ROOT'];
  if (process.getuid?.() === 0) return '/var/lib/berth';
  return join(env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share'), 'berth');
}

/** The URL of the API's embedded cluster: its unix socket under the state root, as the API itself connects. */
function apiDatabaseUrl(env: NodeJS.ProcessEnv): string {
  return socketDatabaseUrl(join(berthRoot(env), 'postgres', 'run'), 'berth', 'berth');
}

/** Whether a PostgreSQL answers there now (a stopped API leaves its socket directory, not its server). */
async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false; // no API runs on this root: the benchmarks' own cluster is used
  } finally {
    await client.end().catch(() => undefined);
  }
}
