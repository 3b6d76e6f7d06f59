import { describe, expect, it } from 'vitest';
import { lookupUser, parseColonFile } from './user-lookup.js';

const PASSWD = parseColonFile('# users\nroot:x:0:0:root:/root:/bin/sh\n\napp:x:1000:100::/home/app:/bin/sh\n');
const GROUP = parseColonFile('root:x:0:\nstaff:x:50:app\n');

describe('lookupUser', () => {
  it('resolves names through passwd and group, and numbers with or without an entry', () => {
    expect(lookupUser('app', PASSWD, () => GROUP)).toEqual({ uid: 1000, gid: 100 });
    expect(lookupUser('app:staff', PASSWD, () => GROUP)).toEqual({ uid: 1000, gid: 50 });
    expect(lookupUser('1000', PASSWD, () => GROUP)).toEqual({ uid: 1000, gid: 100 });
    expect(lookupUser('4242', PASSWD, () => GROUP)).toEqual({ uid: 4242, gid: 0 });
    expect(lookupUser('4242:7', PASSWD, () => GROUP)).toEqual({ uid: 4242, gid: 7 });
  });

  it('names what is missing, and reads the group file only for a named group', () => {
    let groupReads = 0;
    const group = () => {
      groupReads++;
      return GROUP;
    };
    expect(lookupUser('nobody', PASSWD, group)).toEqual({ unknown: 'user', name: 'nobody' });
    expect(lookupUser('app:wheel', PASSWD, group)).toEqual({ unknown: 'group', name: 'wheel' });
    expect(groupReads).toBe(1);
  });
});
