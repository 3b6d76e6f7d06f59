import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
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
  const [userPart, groupPart] = spec.split(':', 2) as [string, string | undefined];
  const passwd = () => table(lowerDirs, 'etc/passwd');
  let uid: number;
  let gid: number;
  if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    gid = Number(passwd().find((entry) => entry[2] === userPart)?.[3] ?? 0);
  } else {
    const entry = passwd().find((fields) => fields[0] === userPart);
    if (!entry) throw unknown(`user ${userPart} is not in the image's /etc/passwd`);
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (groupPart !== undefined) {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const entry = table(lowerDirs, 'etc/group').find((fields) => fields[0] === groupPart);
      if (!entry) throw unknown(`group ${groupPart} is not in the image's /etc/group`);
      gid = Number(entry[2]);
    }
  }
  if (!Number.isSafeInteger(uid) || !Number.isSafeInteger(gid) || uid > 2 ** 32 - 2 || gid > 2 ** 32 - 2) throw unknown(`"${spec}" is not a valid user`);
  return { uid, gid };
}

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
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(':'));
  }
  return [];
}

function unknown(detail: string): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'INVALID_USER', detail);
}
