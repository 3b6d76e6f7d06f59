import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { sleep } from '../util/proc.js';

/**
 * The host id range a remapped container's root lives in: the `berth` entry of /etc/subuid
 * and /etc/subgid (`name:start:count`), created on first use. Container ids 0..65535 map to
 * start..start+65535, so container root owns nothing on the host and a breakout lands as an
 * unprivileged uid that no host file belongs to.
 */
export const REMAP_USER = 'berth';
/** What container images assume (uid 65534 = nobody must exist). */
export const REMAP_SIZE = 65536;
/** useradd's SUB_UID_MIN: ranges below stay free for real system and login users. */
export const REMAP_FIRST = 100000;
/** A lock older than this whose owner we cannot see (another pid namespace) is broken anyway. */
const LOCK_TIMEOUT_MS = 10_000;

export interface SubordinateFiles {
  subuid: string;
  subgid: string;
}

export interface RemapRange {
  /** First host uid/gid; container id 0 maps here. */
  uid: number;
  gid: number;
  size: number;
}

interface Entry {
  name: string;
  start: number;
  count: number;
}

/** BERTH_SUBUID_FILE / BERTH_SUBGID_FILE let tests (and odd hosts) point elsewhere than /etc. */
export function subordinateFilesFromEnv(env: NodeJS.ProcessEnv = process.env): SubordinateFiles {
  return { subuid: env['BERTH_SUBUID_FILE'] || '/etc/subuid', subgid: env['BERTH_SUBGID_FILE'] || '/etc/subgid' };
}

export function parseSubordinate(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split('\n')) {
    const match = /^([^:#\s][^:]*):(\d+):(\d+)\s*$/.exec(line);
    if (match) entries.push({ name: match[1]!, start: Number(match[2]), count: Number(match[3]) });
  }
  return entries;
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return '';
    throw new RuntimeError(errnoOf(error) ?? 'EIO', `reading ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function ours(entries: Entry[]): Entry | undefined {
  return entries.find((entry) => entry.name === REMAP_USER && entry.count >= REMAP_SIZE);
}

/**
 * The lowest REMAP_FIRST + k * REMAP_SIZE range that overlaps no entry of any of the files
 * (same start for uids and gids when both are new, which keeps `ls -n` on the host readable).
 */
export function freeRange(...files: Entry[][]): number {
  const taken = files.flat();
  for (let start = REMAP_FIRST; start + REMAP_SIZE <= 2 ** 32; start += REMAP_SIZE) {
    if (!taken.some((entry) => start < entry.start + entry.count && entry.start < start + REMAP_SIZE)) return start;
  }
  throw new RuntimeError('ENOSPC', 'no free subordinate id range left for berth');
}

/**
 * Shadow's own lock protocol (what useradd/usermod use on these files): the pid goes into a
 * private file which is then link()ed to `<file>.lock` — atomic, and the lock always holds a
 * pid, so a lock left by a dead process can be recognised and broken.
 */
async function lock(path: string): Promise<() => void> {
  const lockPath = `${path}.lock`;
  const mine = `${path}.${process.pid}`;
  const fd = openSync(mine, 'w', 0o600);
  writeSync(fd, `${process.pid}\0`);
  closeSync(fd);
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        linkSync(mine, lockPath);
        return () => unlinkSync(lockPath);
      } catch (error) {
        if (errnoOf(error) !== 'EEXIST') throw new RuntimeError(errnoOf(error) ?? 'EIO', `locking ${path}: ${(error as Error).message}`, { cause: error });
      }
      if (holderIsGone(lockPath) || Date.now() > deadline) {
        // Two breakers may race; unlinking an already-broken lock is harmless (ENOENT).
        try {
          unlinkSync(lockPath);
        } catch {
          // someone else broke it first
        }
        continue;
      }
      await sleep(5 + Math.random() * 20);
    }
  } finally {
    unlinkSync(mine);
  }
}

function holderIsGone(lockPath: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return false; // vanished between link and read: just retry
  }
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errnoOf(error) === 'ESRCH';
  }
}

/** Temp file + fsync + rename: these files outlive every container, a torn write would lock users out. */
function appendAtomically(path: string, text: string, line: string): void {
  let mode = 0o644;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // a new file gets the usual 0644
  }
  const tmp = `${path}.berth-${process.pid}.tmp`;
  const content = `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * The `berth` range, added to both files when absent. Fast path without a lock (the entry
 * normally exists); otherwise both files are locked in a fixed order and re-read, so two
 * processes making their first remapped container at once add exactly one line each.
 */
export async function ensureRemapRange(files: SubordinateFiles = subordinateFilesFromEnv()): Promise<RemapRange> {
  const found = (uids: Entry[], gids: Entry[]) => {
    const uid = ours(uids);
    const gid = ours(gids);
    return uid && gid ? { uid: uid.start, gid: gid.start, size: REMAP_SIZE } : undefined;
  };
  const existing = found(parseSubordinate(read(files.subuid)), parseSubordinate(read(files.subgid)));
  if (existing) return existing;

  const unlockUid = await lock(files.subuid);
  try {
    const unlockGid = await lock(files.subgid);
    try {
      const uidText = read(files.subuid);
      const gidText = read(files.subgid);
      const uids = parseSubordinate(uidText);
      const gids = parseSubordinate(gidText);
      const again = found(uids, gids);
      if (again) return again;
      const uid = ours(uids)?.start ?? freeRange(uids, ours(gids) ? [] : gids);
      const gid = ours(gids)?.start ?? (ours(uids) ? freeRange(gids) : uid);
      if (!ours(uids)) appendAtomically(files.subuid, uidText, `${REMAP_USER}:${uid}:${REMAP_SIZE}`);
      if (!ours(gids)) appendAtomically(files.subgid, gidText, `${REMAP_USER}:${gid}:${REMAP_SIZE}`);
      return { uid, gid, size: REMAP_SIZE };
    } finally {
      unlockGid();
    }
  } finally {
    unlockUid();
  }
}
