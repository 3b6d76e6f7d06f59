import { readdirSync, readFileSync } from 'node:fs';

/**
 * Host processes whose command line names `dir`: what a daemon started under a private
 * directory left behind (PostgreSQL runs with -D <dir>/…, containerd with its state dir).
 * Teardown checks this is empty, so a benchmark leaves no process behind.
 */
export function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

/** SIGKILLs what `processesUsing` finds and says so: reaching this is a bug in a daemon's stop. */
export function killProcessesUsing(dir: string, log: (line: string) => void): void {
  for (const pid of processesUsing(dir)) {
    log(`killing leftover process ${pid} under ${dir}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
