import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeError } from '../model/runtime-error.js';
import { errnoOf } from '../util/files.js';
import { sleep } from '../util/proc.js';

/**
 * Reads a container's json-file log (native/README.md, "Logs"): `container.log` plus the
 * rotated `container.log.1` (newer) … `container.log.N` (oldest), oldest record first.
 * In follow mode it keeps reading while the shim writes and rotates, and ends once the
 * container has stopped (the shim writes exit.json only after the last record).
 */
export interface LogRecord {
  time: string;
  stream: 'stdout' | 'stderr';
  log: string;
}

export interface ReadLogsOptions {
  follow?: boolean;
  /** Poll interval while following. */
  pollMs?: number;
  signal?: AbortSignal;
}

const LOG = 'container.log';

/** Rotated files, oldest first, then container.log; each with its inode. */
async function logFiles(dir: string): Promise<{ path: string; ino: number }[]> {
  const names = (await readdir(dir)).filter((name) => name === LOG || /^container\.log\.\d+$/.test(name));
  const index = (name: string) => (name === LOG ? 0 : Number(name.slice(LOG.length + 1)));
  names.sort((a, b) => index(b) - index(a));
  const files: { path: string; ino: number }[] = [];
  for (const name of names) {
    try {
      files.push({ path: join(dir, name), ino: (await stat(join(dir, name))).ino });
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw error; // rotated away between readdir and stat
    }
  }
  return files;
}

/**
 * A listing taken while the shim renames files can pair a name with the wrong file; two
 * identical listings in a row cannot have straddled a rotation.
 */
async function stableLogFiles(dir: string): Promise<{ path: string; ino: number }[]> {
  let previous = await logFiles(dir);
  for (;;) {
    const current = await logFiles(dir);
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
}

function parseLine(line: string, where: string): LogRecord {
  try {
    return JSON.parse(line) as LogRecord;
  } catch (error) {
    throw new RuntimeError('LOG_CORRUPT', `${where}: ${(error as Error).message}`, { cause: error });
  }
}

/** `stateDir`: where the shim writes exit.json, which ends a follow; the log dir unless the log lives elsewhere. */
export async function* readLogs(dir: string, options: ReadLogsOptions = {}, stateDir = dir): AsyncGenerator<LogRecord> {
  const pollMs = options.pollMs ?? 50;
  let files = await stableLogFiles(dir);
  let current: { path: string; ino: number } | undefined = files[0];
  // An open handle keeps reading the same file even after the shim renames it to .1.
  let handle: FileHandle | undefined = current && (await openIfExists(current.path));
  if (!handle) current = undefined;
  let position = 0;
  let partial = '';
  let exitSeen = false;
  try {
    for (;;) {
      if (handle && current) {
        const buffer = Buffer.alloc(65536);
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          partial += buffer.toString('utf8', 0, bytesRead);
          const lines = partial.split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) if (line !== '') yield parseLine(line, current.path);
        }
      }
      // Finished this file: move to the next newer one, if the shim has rotated past it.
      files = await stableLogFiles(dir);
      const at = current ? files.findIndex((file) => file.ino === current!.ino) : -1;
      if (at < 0 && handle && (await handle.stat()).nlink > 0) {
        // Still on disk but not listed: the listing raced a rotation. Look again.
        continue;
      }
      // Not on disk any more: it was the oldest and got dropped; the oldest left is next.
      const next = at >= 0 ? files[at + 1] : files[0];
      if (next && next.ino !== current?.ino) {
        const opened = await openIfExists(next.path);
        // Rotated again between listing and opening: list again.
        if (!opened || (await opened.stat()).ino !== next.ino) {
          await opened?.close();
          continue;
        }
        await handle?.close();
        current = next;
        handle = opened;
        position = 0;
        partial = '';
        continue;
      }
      if (!options.follow || options.signal?.aborted) return;
      // With max_files 1 the shim truncates in place instead of rotating: start over.
      if (handle && (await handle.stat()).size < position) {
        position = 0;
        partial = '';
        continue;
      }
      // The shim writes exit.json after its last record, so one whole pass (read, then
      // look for a newer file) begun after seeing it has seen everything.
      if (exitSeen) return;
      if (await exists(join(stateDir, 'exit.json'))) {
        exitSeen = true;
        continue;
      }
      await sleep(pollMs);
    }
  } finally {
    await handle?.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return false;
    throw error;
  }
}

async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}
