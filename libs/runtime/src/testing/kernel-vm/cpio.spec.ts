import { execFileSync } from 'node:child_process';
import { lstat, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStaticBusybox, makeTempDir } from '../busybox-bundle.js';
import { writeCpio } from './cpio.js';

/** The archive is read back by busybox's cpio, an implementation this code did not write. */
describe('writeCpio (newc)', () => {
  const archive = writeCpio([
    { kind: 'dir', path: '/etc' },
    { kind: 'file', path: '/etc/hello', data: Buffer.from('hello\n'), mode: 0o640 },
    { kind: 'file', path: 'odd', data: Buffer.from('abc') }, // lengths that need padding
    { kind: 'symlink', path: '/link', target: 'etc/hello' },
    { kind: 'dir', path: '/dev', mode: 0o700 },
    { kind: 'char', path: '/dev/console', major: 5, minor: 1 },
  ]);

  it('lists every entry with its type and mode', () => {
    const listing = execFileSync(findStaticBusybox(), ['cpio', '-tv'], { input: archive, encoding: 'utf8', stdio: 'pipe' });
    const lines = listing.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(['drwxr-xr-x', '-rw-r-----', '-rw-r--r--', 'lrwxrwxrwx', 'drwx------', 'crw-------']);
    expect(lines.map((line) => line.split(/\s+/).at(-1))).toEqual(['etc', 'etc/hello', 'odd', 'etc/hello', 'dev', 'dev/console']);
  });

  it('unpacks to the same files, contents and link targets', async () => {
    const dir = await makeTempDir('berth-cpio-');
    try {
      execFileSync(findStaticBusybox(), ['cpio', '-id'], { input: archive, cwd: dir, stdio: 'pipe' });
      expect(await readFile(join(dir, 'etc', 'hello'), 'utf8')).toBe('hello\n');
      expect(await readFile(join(dir, 'odd'), 'utf8')).toBe('abc');
      expect(await readlink(join(dir, 'link'))).toBe('etc/hello');
      expect((await lstat(join(dir, 'etc', 'hello'))).mode & 0o777).toBe(0o640);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
