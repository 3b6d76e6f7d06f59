import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DbError } from '../db-error.js';
import type { RunAsUser } from './postgres-user.js';

export interface ClusterDirectories {
  baseDir: string;
  dataDir: string;
  socketDir: string;
  logFile: string;
  /** True when the socket directory is a temporary one that stop() must remove. */
  temporarySocketDir: boolean;
}

// A unix socket path must fit in sun_path (108 bytes with the terminating NUL).
const MAX_SOCKET_PATH = 100;

/** Creates <base>/{data,run} owned by the user that runs the cluster, readable by nobody else. */
export function prepareClusterDirectories(baseDir: string, user: RunAsUser): ClusterDirectories {
  const dataDir = join(baseDir, 'data');
  try {
    mkdirSync(baseDir, { recursive: true, mode: 0o700 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    for (const dir of [baseDir, dataDir]) {
      chownSync(dir, user.uid, user.gid);
      chmodSync(dir, 0o700);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DbError('PG_DATA_DIR_UNWRITABLE', `cannot write the data directory ${baseDir} (${code}); set BERTH_ROOT to a writable directory`, {
      cause: error,
    });
  }
  checkReachable(baseDir, user);
  const socketDir = join(baseDir, 'run');
  const temporarySocketDir = join(socketDir, '.s.PGSQL.5432').length > MAX_SOCKET_PATH;
  const chosenSocketDir = temporarySocketDir ? mkdtempSync(join(tmpdir(), 'berth-pg-')) : socketDir;
  mkdirSync(chosenSocketDir, { recursive: true, mode: 0o700 });
  chownSync(chosenSocketDir, user.uid, user.gid);
  return { baseDir, dataDir, socketDir: chosenSocketDir, logFile: join(baseDir, 'postgres.log'), temporarySocketDir };
}

/**
 * When the cluster runs as another user (root starting Berth), every parent directory
 * must let that user pass; otherwise initdb fails with a message that hides why.
 */
function checkReachable(baseDir: string, user: RunAsUser): void {
  if (process.getuid?.() === user.uid) return;
  for (let dir = dirname(baseDir); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const passable = stat.uid === user.uid ? (stat.mode & 0o100) !== 0 : stat.gid === user.gid ? (stat.mode & 0o010) !== 0 : (stat.mode & 0o001) !== 0;
    if (!passable) {
      throw new DbError(
        'PG_DATA_DIR_UNWRITABLE',
        `the embedded PostgreSQL runs as ${user.name}, which cannot enter ${dir} (mode ${(stat.mode & 0o777).toString(8)}); put BERTH_ROOT elsewhere or make ${dir} traversable (chmod o+x)`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}
