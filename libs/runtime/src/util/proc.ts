import { readFileSync } from 'node:fs';

/**
 * A process as the kernel names it: pid plus start time (clock ticks since boot, field 22 of
 * /proc/<pid>/stat). The pair survives pid reuse: after a container's shim exits and its pid
 * is handed to some other program, the start time no longer matches, so we never signal a
 * stranger.
 */
export interface ProcessIdentity {
  pid: number;
  startTime: number;
}

interface ProcStat {
  state: string;
  ppid: number;
  startTime: number;
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  let text: string;
  try {
    // Synchronous: a /proc read is microseconds; every verb makes several.
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if (isGone(error)) return undefined;
    throw error;
  }
  // comm (field 2) may contain spaces and parentheses; everything after the last ')' is fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', ppid: Number(fields[1]), startTime: Number(fields[19]) };
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ESRCH';
}

export async function identify(pid: number): Promise<ProcessIdentity | undefined> {
  const stat = await readStat(pid);
  return stat && { pid, startTime: stat.startTime };
}

/** Alive = exists, is not a zombie, and is the same process we recorded. */
export async function isAlive(process: ProcessIdentity): Promise<boolean> {
  const stat = await readStat(process.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.startTime === process.startTime;
}

/** Polls until the process is gone or the deadline passes; returns whether it went. */
export async function waitGone(process: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isAlive(process)) {
    if (Date.now() >= deadline) return false;
    await sleep(10);
  }
  return true;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
