import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { CliError } from '../../../cli-error.js';
import type { TarEntry } from './tar-writer.js';

/** What `build` sends: the context's entries (after .dockerignore) and where the Dockerfile is among them. */
export interface BuildContext {
  entries: TarEntry[];
  /** The Dockerfile's path inside the context tar. */
  dockerfile: string;
}

/** Decides which context paths a build may not see (the images library's .dockerignore rules). */
export interface IgnoreRules {
  excludes(relative: string): boolean;
  canSkipDirectory(relative: string): boolean;
}

/**
 * The build context as `docker build` sends it: every file under `dir` except what
 * `.dockerignore` excludes, with the Dockerfile and .dockerignore always included (the server
 * needs them). A Dockerfile outside the context (`-f ../Dockerfile`) is added under a name of
 * its own, as docker does. The tree is read here, before anything is sent, so an unreadable
 * directory is reported instead of a broken upload.
 */
export async function collectContext(dir: string, dockerfileFlag: string | undefined, rulesFrom: (text: string) => IgnoreRules): Promise<BuildContext> {
  const root = resolve(dir);
  if (!(await stat(root).catch(() => undefined))?.isDirectory())
    throw new CliError('CONTEXT_NOT_FOUND', `${dir} is not a directory; give the build context directory as the last argument`);
  const dockerfilePath = resolve(dockerfileFlag ?? join(root, 'Dockerfile'));
  if (!(await stat(dockerfilePath).catch(() => undefined))?.isFile())
    throw new CliError('DOCKERFILE_NOT_FOUND', `${dockerfilePath} does not exist; add a Dockerfile or name one with -f`);
  const ignoreText = await readFile(join(root, '.dockerignore'), 'utf8').catch(() => '');
  const rules = rulesFrom(ignoreText);
  const inside = relative(root, dockerfilePath);
  const insideContext = !inside.startsWith('..') && !inside.startsWith(sep);
  const keep = new Set(['.dockerignore', ...(insideContext ? [toPosix(inside)] : [])]);
  const entries: TarEntry[] = [];
  await walk(root, '', rules, keep, entries);
  if (insideContext) return { entries, dockerfile: toPosix(inside) };
  const name = `.dockerfile.${randomBytes(10).toString('hex')}`;
  entries.push((await entryOf(dockerfilePath, name))!); // checked to be a file above
  return { entries, dockerfile: name };
}

async function walk(root: string, prefix: string, rules: IgnoreRules, keep: ReadonlySet<string>, entries: TarEntry[]): Promise<void> {
  const directory = join(root, prefix);
  let names: string[];
  try {
    names = (await readdir(directory)).sort();
  } catch (error) {
    throw new CliError(
      'CONTEXT_UNREADABLE',
      `cannot read ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); fix its permissions or list it in .dockerignore`,
    );
  }
  for (const name of names) {
    const path = prefix ? `${prefix}/${name}` : name;
    const excluded = rules.excludes(path) && !keep.has(path);
    const entry = await entryOf(join(root, path), path);
    if (entry?.type === 'directory') {
      if (excluded && rules.canSkipDirectory(path)) continue;
      if (!excluded) entries.push(entry);
      // An excluded directory is still walked when a `!` rule may bring back something below it.
      await walk(root, path, rules, keep, entries);
    } else if (entry && !excluded) {
      entries.push(entry);
    }
  }
}

/** A file, directory or symlink as a tar entry; sockets, fifos and devices are left out, as docker does. */
async function entryOf(path: string, name: string): Promise<TarEntry | undefined> {
  const info = await lstat(path);
  const base = { name, mode: info.mode & 0o7777, mtime: info.mtime };
  if (info.isDirectory()) return { ...base, type: 'directory', size: 0 };
  if (info.isSymbolicLink()) return { ...base, type: 'symlink', size: 0, linkname: await readlink(path) };
  if (info.isFile()) return { ...base, type: 'file', size: info.size, content: () => createReadStream(path) };
  return undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
