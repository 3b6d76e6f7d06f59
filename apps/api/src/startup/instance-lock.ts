import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from './startup-error.js';

/**
 * One Berth per state root: two would fight over the embedded PostgreSQL and the
 * containers' state. The lock is a file holding the owner's pid; a file whose pid is
 * dead (after a crash or kill -9) is stale and taken over.
 */
export interface InstanceLock {
  path: string;
  release(): void;
}

const LOCK_FILE = 'berth.pid';

export function acquireInstanceLock(root: string): InstanceLock {
  const path = join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return { path, release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw new StartupError(
          'ALREADY_RUNNING',
          `Berth is already running (pid ${owner}) with state root ${root}; stop it first, or set BERTH_ROOT to another directory`,
        );
      }
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new StartupError('ALREADY_RUNNING', `another Berth is starting with state root ${root}; try again in a moment`);
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // removed between open and read: treat as stale
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string): void {
  if (readOwner(path) === process.pid) rmSync(path, { force: true });
}
