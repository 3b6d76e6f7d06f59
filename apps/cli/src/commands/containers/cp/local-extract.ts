import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, type Header } from 'tar-stream';
import { CliError } from '../../../cli-error.js';

/**
 * Unpacks what a container sent into `directory`, renaming the first component `from` to
 * `to` (docker's rebase: `cp c:/etc/app ./conf` makes `./conf`). The archive comes from a
 * container, so it is not trusted: `..` and absolute names are refused, and nothing is
 * written through a link (a parent that is a link is refused, an existing link is replaced).
 */
export async function extractLocal(source: Readable, directory: string, from: string, to: string): Promise<void> {
  const parser = extract();
  const piping = pipeline(source, parser);
  for await (const entry of parser) {
    const target = join(directory, rebased(entry.header.name, from, to));
    await checkParents(directory, target);
    await writeLocal(target, entry.header, entry as unknown as Readable);
  }
  await piping;
}

function rebased(name: string, from: string, to: string): string {
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (name.startsWith('/') || parts.includes('..')) throw new CliError('UNSAFE_ARCHIVE', `the container sent an entry outside the copy: ${name}`);
  const fromParts = from === '.' ? [] : [from];
  if (fromParts.length && parts[0] === from) parts.shift();
  return [to, ...parts].filter(Boolean).join('/');
}

async function checkParents(directory: string, target: string): Promise<void> {
  for (let parent = dirname(target); parent.length > directory.length; parent = dirname(parent)) {
    const stats = await lstat(parent).catch(() => undefined);
    if (stats?.isSymbolicLink()) throw new CliError('UNSAFE_ARCHIVE', `${target} would be written through the link ${parent}`);
  }
  await mkdir(dirname(target), { recursive: true });
}

async function writeLocal(target: string, header: Header, content: Readable): Promise<void> {
  const existing = await lstat(target).catch(() => undefined);
  if (existing && !(existing.isDirectory() && header.type === 'directory')) await rm(target, { recursive: true });
  if (header.type === 'directory') {
    await mkdir(target, { recursive: true });
    await chmod(target, header.mode & 0o7777);
  } else if (header.type === 'symlink') {
    await symlink(header.linkname ?? '', target);
  } else if (header.type === 'file' || header.type === 'contiguous-file') {
    await pipeline(content, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    // The archive's mode as it is, not as the umask would cut it (docker cp keeps it too).
    await chmod(target, header.mode & 0o7777);
    await utimes(target, header.mtime, header.mtime);
    return;
  }
  content.resume();
}
