import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * After a crash the data directory may hold a postmaster.pid whose process is gone, or
 * whose pid now belongs to something else, or a postmaster orphaned by a killed Berth.
 * The caller owns the data directory (it holds Berth's instance lock), so any live
 * postmaster on it is an orphan: stop it; any other pid file is stale: remove it.
 */
export async function recoverStalePostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgres(pid)) {
    log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, then exit
    for (let waited = 0; isAlive(pid); waited += 100) {
      if (waited >= 30_000) {
        process.kill(pid, 'SIGQUIT');
        break;
      }
      await sleep(100);
    }
    for (let waited = 0; isAlive(pid) && waited < 5_000; waited += 100) await sleep(100);
    return;
  }
  log(`removing a stale postmaster.pid (pid ${pid} is not a running PostgreSQL)`);
  rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.endsWith('postgres');
  } catch {
    return false; // no such process
  }
}
