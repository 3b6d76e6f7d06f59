import { processesUsing } from '@berth/testing';

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
