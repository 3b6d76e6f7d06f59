import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { lchown, lstat, link, lutimes, mkdir, symlink, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header } from 'tar-stream';

/** A tar entry's content as tar-stream hands it out (a streamx stream, iterable in Node). */
type EntryContent = AsyncIterable<unknown> & { resume(): unknown };
import type { Digest } from '../reference/digest.js';
import { decompressedTar } from './decompress.js';
import { layerPath, refuse } from './layer-path.js';
import { makeOpaque, makeWhiteout } from './overlay-markers.js';
import { ImageError } from '../image-error.js';

export interface UnpackLimits {
  /** Uncompressed bytes of the tar stream. */
  maxBytes: number;
  maxEntries: number;
  /** Character and block devices; an image has no business shipping them by default. */
  allowDevices: boolean;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxBytes: 8 * 1024 ** 3, maxEntries: 1_000_000, allowDevices: false };

export interface UnpackReport {
  entries: number;
  whiteouts: number;
  /** sha256 of the uncompressed tar: the layer's diff ID, to check against the image config. */
  diffId: Digest;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/**
 * Unpacks one layer (tar, tar+gzip or tar+zstd) into `target`, an empty directory that
 * becomes a read-only overlay lower dir. Hostile input: nothing may land outside `target`,
 * nothing is written through a symlink, hard links stay inside, duplicates and (by
 * default) device nodes are refused, and the stream is bounded in size and entry count.
 * On any refusal the caller discards `target` (see snapshots.ts): no half layer is used.
 */
export async function unpackLayer(source: Readable, target: string, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<UnpackReport> {
  const tar = await decompressedTar(source, limits.maxBytes);
  const parser = extract();
  const seen = new Set<string>();
  // Directories already checked (or made) in this unpack: a later entry cannot turn one into
  // a symlink (that would be refused as a non-directory replacing a directory), so they need
  // no second lstat.
  const verified = new Set<string>();
  const directories: { path: string; header: Header }[] = [];
  const report: UnpackReport = { entries: 0, whiteouts: 0, diffId: 'sha256:' };
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // The pipe fails on its own (corrupt data, size limit) or because we stopped reading after a
  // refusal; either way the parser is torn down, and the first cause is what gets reported.
  let pipeError: unknown;
  let current: { destroy(error?: Error): unknown } | undefined;
  const piping = pipeline(tar, hashing, parser).catch((error: unknown) => {
    pipeError ??= error;
    current?.destroy(error as Error); // wakes a read of the entry that was being written
    parser.destroy(error as Error);
  });
  try {
    for await (const entry of parser) {
      report.entries += 1;
      if (report.entries > limits.maxEntries) throw refuse(entry.header.name, `is past the limit of ${limits.maxEntries} entries`);
      current = entry;
      await unpackEntry(entry, target, limits, seen, verified, directories, report);
      current = undefined;
    }
  } catch (error) {
    throw pipeError instanceof ImageError ? pipeError : error;
  } finally {
    tar.destroy();
    source.destroy();
  }
  await piping;
  if (pipeError) throw pipeError;
  report.diffId = `sha256:${hash.digest('hex')}`;
  // Directory times last: creating their children changed them.
  for (const { path, header } of directories.reverse()) if (header.mtime) await utimes(path, header.mtime, header.mtime);
  return report;
}

async function unpackEntry(
  entry: EntryContent & { header: Header },
  target: string,
  limits: UnpackLimits,
  seen: Set<string>,
  verified: Set<string>,
  directories: { path: string; header: Header }[],
  report: UnpackReport,
): Promise<void> {
  const relative = layerPath(entry.header.name);
  if (relative === '') {
    entry.resume();
    return;
  }
  if (seen.has(relative) && entry.header.type !== 'directory') throw refuse(entry.header.name, 'appears twice');
  seen.add(relative);
  const path = join(target, relative);
  await ensureParents(target, relative, entry.header.name, verified);
  const name = basename(relative);
  if (name === OPAQUE_MARKER) {
    await makeOpaque(dirname(path));
    report.whiteouts += 1;
    entry.resume();
  } else if (name.startsWith(WHITEOUT_PREFIX)) {
    await makeWhiteout(join(dirname(path), name.slice(WHITEOUT_PREFIX.length)));
    report.whiteouts += 1;
    entry.resume();
  } else {
    await writeEntry(entry, entry.header, path, target, limits);
    if (entry.header.type === 'directory') directories.push({ path, header: entry.header });
  }
}

/** Every parent must be a real directory inside the snapshot, never a symlink to elsewhere. */
async function ensureParents(target: string, relative: string, name: string, verified = new Set<string>()): Promise<void> {
  const parts = relative.split('/').slice(0, -1);
  let current = target;
  for (const part of parts) {
    current = join(current, part);
    if (verified.has(current)) continue;
    verified.add(current);
    const info = lstatSync(current, { throwIfNoEntry: false });
    if (!info) {
      mkdirSync(current, { mode: 0o755 });
    } else if (info.isSymbolicLink()) {
      throw refuse(name, `would be written through the symlink ${current.slice(target.length + 1)}`);
    } else if (!info.isDirectory()) {
      throw refuse(name, `has a parent ${current.slice(target.length + 1)} that is not a directory`);
    }
  }
}

async function writeEntry(content: EntryContent, header: Header, path: string, target: string, limits: UnpackLimits): Promise<void> {
  const mode = (header.mode ?? 0o644) & 0o7777;
  switch (header.type) {
    case 'file':
    case 'contiguous-file': {
      // O_EXCL|O_NOFOLLOW: never reuse or follow whatever is at the path already. Written with
      // synchronous calls: a chunk is already in memory, and a write to the page cache costs
      // less than a thread-pool round trip per chunk, which is what dominated many-file layers.
      const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        for await (const chunk of content) writeAll(fd, chunk as Buffer);
        // Owner, mode and time through the descriptor: no second path lookup.
        fchownSync(fd, header.uid ?? 0, header.gid ?? 0);
        fchmodSync(fd, mode);
        if (header.mtime) futimesSync(fd, header.mtime, header.mtime);
      } finally {
        closeSync(fd);
      }
      return;
    }
    case 'directory': {
      const info = await lstat(path).catch(() => undefined);
      if (info && !info.isDirectory()) throw refuse(header.name, 'replaces a non-directory with a directory');
      if (!info) await mkdir(path, { mode: 0o755 });
      content.resume();
      break;
    }
    case 'symlink':
      // The target may point anywhere: it is only ever resolved inside the container's root.
      await symlink(header.linkname ?? '', path);
      content.resume();
      await lchown(path, header.uid ?? 0, header.gid ?? 0);
      if (header.mtime) await lutimes(path, header.mtime, header.mtime);
      return;
    case 'link': {
      const source = join(target, layerPath(header.linkname ?? ''));
      await ensureParents(target, layerPath(header.linkname ?? '') || '.', header.name);
      const info = await lstat(source).catch(() => undefined);
      if (!info || !info.isFile()) throw refuse(header.name, `hard-links to "${header.linkname}", which is not a regular file of this layer`);
      await link(source, path);
      content.resume();
      return;
    }
    case 'fifo':
    case 'character-device':
    case 'block-device':
      if (header.type !== 'fifo' && !limits.allowDevices) throw refuse(header.name, `is a ${header.type}; device nodes are not allowed in layers`);
      throw refuse(header.name, `is a ${header.type}, which Berth does not unpack yet`);
    default:
      throw refuse(header.name, `has the unsupported type ${header.type}`);
  }
  // Metadata calls are synchronous: microseconds each, against a thread-pool round trip.
  lchownSync(path, header.uid ?? 0, header.gid ?? 0);
  chmodSync(path, mode);
  if (header.mtime && header.type !== 'directory') utimesSync(path, header.mtime, header.mtime);
}

/** writeSync may write less than asked (a signal, a full pipe); files take it all. */
function writeAll(fd: number, chunk: Buffer): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
}
