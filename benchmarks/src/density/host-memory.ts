import { readFileSync } from 'node:fs';

/** MemAvailable from /proc/meminfo, in MiB: what the host could still give out without swapping. */
export function memAvailableMiB(): number {
  const line = readFileSync('/proc/meminfo', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('MemAvailable:'));
  if (!line) throw new Error('/proc/meminfo has no MemAvailable line (a kernel older than 3.14?)');
  return Number(line.split(/\s+/)[1]) / 1024;
}

/** A process's proportional set size in MiB (its private pages plus its share of shared ones), or 0 once it is gone. */
export function pssMiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('Pss:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
