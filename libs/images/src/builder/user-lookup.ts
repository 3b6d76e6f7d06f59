/** Lines of an /etc/passwd or /etc/group file, split on ':'; comments and blank lines dropped. */
export function parseColonFile(text: string | undefined): string[][] {
  return (text ?? '')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

export type UserLookup = { uid: number; gid: number } | { unknown: 'user' | 'group'; name: string };

/**
 * A USER spec (`name`, `uid`, `name:group`, `uid:gid` …) as ids, from an image's own passwd
 * and group lines, as Docker resolves it: a number passes through (its gid from passwd when
 * listed, else 0), a name must be listed. Pure: each caller reads the files its own way (the
 * builder through its merged view, the API from the image's layers) and words the refusal.
 */
export function lookupUser(spec: string, passwd: string[][], group: () => string[][]): UserLookup {
  const [userPart, groupPart] = spec.split(':', 2) as [string, string | undefined];
  const numeric = /^\d+$/.test(userPart);
  const entry = numeric ? passwd.find((fields) => fields[2] === userPart) : passwd.find((fields) => fields[0] === userPart);
  if (!entry && !numeric) return { unknown: 'user', name: userPart };
  const uid = Number(numeric ? userPart : entry![2]);
  let gid = Number(entry?.[3] ?? 0);
  if (groupPart !== undefined) {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const listed = group().find((fields) => fields[0] === groupPart);
      if (!listed) return { unknown: 'group', name: groupPart };
      gid = Number(listed[2]);
    }
  }
  return { uid, gid };
}
