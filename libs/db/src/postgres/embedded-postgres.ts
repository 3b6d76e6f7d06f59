import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DbError } from '../db-error.js';
import { socketDatabaseUrl, withDatabase } from '../database-url.js';
import { findPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';
import { prepareClusterDirectories, type ClusterDirectories } from './postgres-directories.js';
import { resolveRunAsUser, type RunAsUser } from './postgres-user.js';
import { recoverStalePostmaster } from './stale-postmaster.js';

export interface EmbeddedPostgresOptions {
  /** Holds the cluster: data/, run/ (the socket) and postgres.log. */
  baseDir: string;
  /** The application database, created when missing. */
  database?: string;
  /** Throwaway clusters (test runs) trade durability for speed. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const SUPERUSER = 'berth';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * A private PostgreSQL cluster that listens only on a unix socket in Berth's data
 * directory (no TCP port to collide with, nobody else can connect), owned by a non-root
 * user, started as a child process and stopped with it.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly dirs: ClusterDirectories,
    private readonly child: ChildProcess,
    /** URL of the application database. */
    readonly url: string,
    /** URL of the `postgres` maintenance database, for creating and dropping databases. */
    readonly adminUrl: string,
    readonly binaries: PostgresBinaries,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const binaries = findPostgresBinaries();
    const user = resolveRunAsUser();
    const dirs = prepareClusterDirectories(options.baseDir, user);
    if (!existsSync(join(dirs.dataDir, 'PG_VERSION'))) {
      log(`creating a PostgreSQL cluster in ${dirs.dataDir} (${binaries.source} binaries, user ${user.name})`);
      await initCluster(binaries, dirs, user, options.ephemeral ?? false);
    }
    await recoverStalePostmaster(dirs.dataDir, log);
    const child = startPostmaster(binaries, dirs, user, options.ephemeral ?? false);
    const adminUrl = socketDatabaseUrl(dirs.socketDir, SUPERUSER, 'postgres');
    const server = new EmbeddedPostgres(dirs, child, withDatabase(adminUrl, options.database ?? 'berth'), adminUrl, binaries);
    try {
      await server.waitUntilReady();
      await server.ensureDatabase(options.database ?? 'berth');
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Fast shutdown: open transactions roll back, the cluster is left consistent. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGINT');
      // The timer is cancelled once the cluster is down, so it cannot hold the process open.
      const timer = new AbortController();
      const timedOut = sleep(STOP_TIMEOUT_MS, false, { signal: timer.signal }).catch(() => true);
      const stopped = await Promise.race([exited.then(() => true), timedOut]);
      timer.abort();
      if (!stopped) {
        this.child.kill('SIGKILL');
        await exited;
        throw new DbError('PG_STOP_FAILED', `PostgreSQL did not stop within ${STOP_TIMEOUT_MS / 1000}s and was killed; see ${this.dirs.logFile}`);
      }
    }
    if (this.dirs.temporarySocketDir) rmSync(this.dirs.socketDir, { recursive: true, force: true });
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let lastError: unknown;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new DbError('PG_START_FAILED', `PostgreSQL exited during start-up: ${tail(this.dirs.logFile)}`);
      }
      const client = new pg.Client({ connectionString: this.adminUrl });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (error) {
        lastError = error; // still starting: the socket is not there yet, or "the database system is starting up"
        await client.end().catch(() => undefined);
        await sleep(50);
      }
    }
    throw new DbError(
      'PG_START_FAILED',
      `PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000}s (${String(lastError)}); see ${this.dirs.logFile}`,
    );
  }

  private async ensureDatabase(database: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    } finally {
      await client.end();
    }
  }
}

async function initCluster(binaries: PostgresBinaries, dirs: ClusterDirectories, user: RunAsUser, ephemeral: boolean): Promise<void> {
  const args = ['-D', dirs.dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C'];
  if (ephemeral) args.push('--no-sync');
  const { code, output } = await run(join(binaries.binDir, 'initdb'), args, user);
  if (code !== 0) {
    // A half-initialised data directory would make the next start fail the same way: clear it.
    rmSync(dirs.dataDir, { recursive: true, force: true });
    throw new DbError('PG_START_FAILED', `initdb failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

function startPostmaster(binaries: PostgresBinaries, dirs: ClusterDirectories, user: RunAsUser, ephemeral: boolean): ChildProcess {
  const args = ['-D', dirs.dataDir, '-k', dirs.socketDir, '-c', 'listen_addresses=', '-c', 'unix_socket_permissions=0700'];
  if (ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const logFd = openSync(dirs.logFile, 'a', 0o600);
  try {
    // Own process group: a Ctrl-C in the terminal reaches Berth, which then stops the
    // cluster in order, instead of PostgreSQL dying under open connections.
    return spawn(join(binaries.binDir, 'postgres'), args, { uid: user.uid, gid: user.gid, stdio: ['ignore', logFd, logFd], detached: true });
  } finally {
    closeSync(logFd);
  }
}

function run(command: string, args: string[], user: RunAsUser): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { uid: user.uid, gid: user.gid, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return `(no log at ${file})`;
  }
}
