import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import { lookupUser, parseColonFile } from '@berth/images';
import { ProblemException } from '../http/problem.js';

export interface ResolvedUser {
  uid: number;
  gid: number;
}

/**
 * `--user` / the image's USER as ids: numbers pass through; names are looked up in the
 * image's /etc/passwd and /etc/group (the top-most layer that has the file wins, as in the
 * container's merged view). Read as plain text files from the snapshots: never executed.
 */
export function resolveImageUser(spec: string | undefined, lowerDirs: readonly string[]): ResolvedUser {
  if (!spec) return { uid: 0, gid: 0 };
  const ids = lookupUser(spec, table(lowerDirs, 'etc/passwd'), () => table(lowerDirs, 'etc/group'));
  if ('unknown' in ids) throw unknown(`${ids.unknown} ${ids.name} is not in the image's /etc/${ids.unknown === 'user' ? 'passwd' : 'group'}`);
  const { uid, gid } = ids;
  if (!Number.isSafeInteger(uid) || !Number.isSafeInteger(gid) || uid > 2 ** 32 - 2 || gid > 2 ** 32 - 2) throw unknown(`"${spec}" is not a valid user`);
  return { uid, gid };
}

/** The file of the top-most layer that has it, as the container's merged view shows it. */
function table(lowerDirs: readonly string[], file: string): string[][] {
  for (const dir of lowerDirs) {
    // A symlink in a layer points into the container's view, not the host's: none is followed.
    const etc = lstatSync(join(dir, 'etc'), { throwIfNoEntry: false });
    if (!etc) continue;
    if (!etc.isDirectory()) return [];
    const path = join(dir, file);
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (!info) continue;
    if (!info.isFile()) return [];
    return parseColonFile(readFileSync(path, 'utf8'));
  }
  return [];
}

function unknown(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_USER', detail);
}
