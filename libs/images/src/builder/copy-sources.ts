import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { compileGlob, type IgnoreMatcher } from './dockerignore.js';
import { resolveInRoot } from './merged-view.js';
import { ImageError } from '../image-error.js';

/** One file, directory or symlink COPY puts into the layer. */
export interface CopyItem {
  /** Absolute path in the image. */
  target: string;
  /** Where its content is on the host. */
  path: string;
  info: Stats;
}

export interface CollectOptions {
  /** The build context, or the merged view of the stage / image of `--from`. */
  root: string;
  sources: string[];
  /** Absolute destination in the image (already resolved against WORKDIR and symlinks). */
  dest: string;
  /** Whether dest ends with `/` as written (then it is always a directory). */
  destTrailingSlash: boolean;
  /** Whether dest already is a directory in the image. */
  destIsDirectory: boolean;
  /** `.dockerignore` of the context; none for `--from`. */
  ignore?: IgnoreMatcher;
}

const WILDCARD = /[*?[]/;

function notFound(source: string): ImageError {
  return new ImageError('BUILD_FAILED', `COPY source "${source}" not found (or excluded by .dockerignore)`);
}

/**
 * What a COPY/ADD copies, keyed by target, with Docker's rules: a directory source copies
 * its contents (not itself), several sources or a wildcard make dest a directory, and a
 * single file is written at dest unless dest is (or is written as) a directory. Symlinks
 * named as sources are followed, but only inside `root`; symlinks found below a source
 * directory are copied as symlinks.
 */
export async function collectSources(options: CollectOptions): Promise<CopyItem[]> {
  const { root, ignore } = options;
  const matched: string[] = [];
  for (const source of options.sources) {
    const clean = posix.normalize(source.replace(/^\/+/, '')).replace(/\/+$/, '');
    if (clean === '..' || clean.startsWith('../')) throw new ImageError('BUILD_FAILED', `COPY source "${source}" is outside the build context`);
    const relative = clean === '.' ? '' : clean;
    if (WILDCARD.test(relative)) {
      const found = await glob(root, relative, ignore);
      if (found.length === 0) throw notFound(source);
      matched.push(...found);
    } else {
      if (relative && ignore?.excludes(relative)) throw notFound(source);
      matched.push(relative);
    }
  }
  const intoDirectory = options.destTrailingSlash || matched.length > 1 || options.sources.some((source) => WILDCARD.test(source)) || options.destIsDirectory;
  const items = new Map<string, CopyItem>();
  for (const relative of matched) {
    const resolved = await resolveInRoot(root, relative, true);
    const path = join(root, resolved);
    const info = await lstat(path).catch(() => undefined);
    if (!info) throw notFound(relative || '.');
    if (info.isDirectory()) {
      if (options.dest !== '/') items.set(options.dest, { target: options.dest, path, info });
      await walk(root, resolved, options.dest, ignore, items);
    } else {
      const target = intoDirectory ? posix.join(options.dest, posix.basename(resolved)) : options.dest;
      items.set(target, { target, path, info });
    }
  }
  return [...items.values()].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

async function walk(root: string, relative: string, targetDir: string, ignore: IgnoreMatcher | undefined, items: Map<string, CopyItem>): Promise<void> {
  const names = (await readdir(join(root, relative))).sort();
  for (const name of names) {
    const rel = relative ? `${relative}/${name}` : name;
    const path = join(root, rel);
    const info = await lstat(path);
    const target = posix.join(targetDir, name);
    const excluded = ignore?.excludes(rel) ?? false;
    if (info.isDirectory()) {
      if (excluded && ignore!.canSkipDirectory(rel)) continue;
      if (!excluded) items.set(target, { target, path, info });
      await walk(root, rel, target, ignore, items);
    } else if (!excluded) {
      items.set(target, { target, path, info });
    }
  }
}

/** Paths under root matching a wildcard source, segment by segment like Go's filepath.Match. */
async function glob(root: string, pattern: string, ignore: IgnoreMatcher | undefined): Promise<string[]> {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  while (segments.length > 0 && !WILDCARD.test(segments[0]!)) fixed.push(segments.shift()!);
  const regex = compileGlob(pattern);
  const depth = pattern.split('/').length;
  const found: string[] = [];
  // `at` is where `relative` really is: its symlinks resolved inside root, so a link in the
  // context to a host directory is listed as the context's own path, never the host's.
  const visit = async (relative: string, at: string): Promise<void> => {
    const names = await readdir(join(root, at)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const rel = relative ? `${relative}/${name}` : name;
      const parts = rel.split('/').length;
      if (parts === depth) {
        if (regex.test(rel) && !ignore?.excludes(rel)) found.push(rel);
      } else if (parts < depth && (await lstat(join(root, at, name))).isDirectory()) {
        await visit(rel, at ? `${at}/${name}` : name);
      }
    }
  };
  const start = fixed.join('/');
  await visit(start, await resolveInRoot(root, start, true));
  return found;
}

/**
 * The content hash of what a COPY copies, for the layer cache: targets, types, modes, link
 * targets and file bytes; not times or owners (COPY sets the owner itself), so touching or
 * re-checking-out the context keeps the cache.
 */
export async function hashItems(items: readonly CopyItem[]): Promise<string> {
  const hash = createHash('sha256');
  for (const { target, path, info } of items) {
    hash.update(`${target}\0${info.mode}\0`);
    if (info.isSymbolicLink()) hash.update(`link\0${await readlink(path)}\0`);
    else if (info.isFile()) {
      hash.update(`file\0${info.size}\0`);
      // No-follow, and only the file lstat saw: the bytes hashed are the bytes the layer gets.
      const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      try {
        const now = await handle.stat();
        if (!now.isFile() || now.ino !== info.ino || now.dev !== info.dev)
          throw new ImageError('BUILD_FAILED', `COPY source ${target} changed while it was read`);
        for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
      } finally {
        await handle.close();
      }
    }
  }
  return hash.digest('hex');
}
