import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarOf, type TarEntry as Entry } from '../testing/tar-of.js';
import { unpackLayer } from './unpack-layer.js';

let work: string;
let target: string;
let outside: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'berth-unpack-'));
  target = join(work, 'snapshot');
  outside = join(work, 'outside');
  mkdirSync(target);
  mkdirSync(outside);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Everything under the work dir except the snapshot: must stay empty whatever the layer does. */
function writtenOutside(): string[] {
  return readdirSync(outside, { recursive: true }) as string[];
}

describe('unpackLayer', () => {
  it('unpacks files, directories, symlinks and hard links with their modes, owners and times', async () => {
    const layer = await tarOf([
      { name: 'bin/', type: 'directory', mode: 0o755 },
      { name: 'bin/tool', content: '#!/bin/sh\n', mode: 0o4755, uid: 1000, gid: 100, mtime: new Date('2020-01-02T03:04:05Z') },
      { name: 'bin/alias', type: 'symlink', linkname: '/bin/tool' },
      { name: 'bin/copy', type: 'link', linkname: 'bin/tool' },
      { name: './etc/motd', content: 'hello' },
    ]);
    const report = await unpackLayer(Readable.from(gzipSync(layer)), target);
    expect(report.entries).toBe(5);
    const tool = statSync(join(target, 'bin/tool'));
    expect(tool.mode & 0o7777).toBe(0o4755);
    expect([tool.uid, tool.gid]).toEqual([1000, 100]);
    expect(tool.mtime.toISOString()).toBe('2020-01-02T03:04:05.000Z');
    expect(readlinkSync(join(target, 'bin/alias'))).toBe('/bin/tool');
    expect(statSync(join(target, 'bin/copy')).ino).toBe(tool.ino);
    expect(readFileSync(join(target, 'etc/motd'), 'utf8')).toBe('hello');
  });

  it('turns OCI whiteouts into overlay whiteouts and opaque directories', async () => {
    const layer = await tarOf([
      { name: 'etc/.wh.passwd', content: '' },
      { name: 'var/cache/.wh..wh..opq', content: '' },
    ]);
    const report = await unpackLayer(Readable.from(layer), target);
    expect(report.whiteouts).toBe(2);
    const whiteout = lstatSync(join(target, 'etc/passwd'));
    expect(whiteout.isCharacterDevice() && whiteout.rdev === 0).toBe(true);
    expect(execFileSync('getfattr', ['--only-values', '-n', 'trusted.overlay.opaque', join(target, 'var/cache')], { encoding: 'utf8' })).toBe('y');
  });

  describe('refuses hostile layers and writes nothing outside the snapshot', () => {
    const cases: [string, () => Promise<Entry[]>][] = [
      ['a ".." path', async () => [{ name: '../outside/evil', content: 'x' }]],
      ['a nested ".." path', async () => [{ name: 'a/../../outside/evil', content: 'x' }]],
      ['an absolute path', async () => [{ name: `${outside}/evil`, content: 'x' }]],
      [
        'a file written through a symlink',
        async () => [
          { name: 'link', type: 'symlink', linkname: outside },
          { name: 'link/evil', content: 'x' },
        ],
      ],
      [
        'a file replacing a symlink to outside',
        async () => [
          { name: 'passwd', type: 'symlink', linkname: join(outside, 'passwd') },
          { name: 'passwd', content: 'x' },
        ],
      ],
      ['a hard link to a file outside', async () => [{ name: 'stolen', type: 'link', linkname: '../outside/secret' }]],
      [
        'a hard link through a symlink',
        async () => [
          { name: 'dir', type: 'symlink', linkname: outside },
          { name: 'stolen', type: 'link', linkname: 'dir/secret' },
        ],
      ],
      [
        'a duplicate entry',
        async () => [
          { name: 'etc/hosts', content: 'a' },
          { name: 'etc/hosts', content: 'b' },
        ],
      ],
      ['a block device', async () => [{ name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0 }]],
      ['a character device', async () => [{ name: 'dev/mem', type: 'character-device', devmajor: 1, devminor: 1 }]],
    ];
    for (const [what, entries] of cases) {
      it(`refuses ${what}`, async () => {
        execFileSync('sh', ['-c', `echo secret > ${join(outside, 'secret')}`]);
        const layer = await tarOf(await entries());
        await expect(unpackLayer(Readable.from(layer), target)).rejects.toMatchObject({ code: 'UNSAFE_LAYER' });
        expect(writtenOutside().sort()).toEqual(['secret']);
        expect(readFileSync(join(outside, 'secret'), 'utf8')).toBe('secret\n');
      });
    }

    it('stops a decompression bomb at the size limit', async () => {
      const layer = gzipSync(await tarOf([{ name: 'zeros', content: '\0'.repeat(4 * 1024 * 1024) }]));
      expect(layer.length).toBeLessThan(64 * 1024);
      await expect(unpackLayer(Readable.from(layer), target, { maxBytes: 1024 * 1024, maxEntries: 10, allowDevices: false })).rejects.toMatchObject({
        code: 'LAYER_TOO_LARGE',
      });
    });

    it('stops at the entry limit', async () => {
      const layer = await tarOf(Array.from({ length: 20 }, (_, index) => ({ name: `f${index}`, content: '' })));
      await expect(unpackLayer(Readable.from(layer), target, { maxBytes: 1e9, maxEntries: 10, allowDevices: false })).rejects.toMatchObject({
        code: 'UNSAFE_LAYER',
      });
    });
  });

  it('reads zstd layers', async () => {
    const layer = await tarOf([{ name: 'hello', content: 'zstd works' }]);
    const compressed = execFileSync('zstd', ['-q', '-c'], { input: layer });
    await unpackLayer(Readable.from(compressed), target);
    expect(readFileSync(join(target, 'hello'), 'utf8')).toBe('zstd works');
    expect(existsSync(join(work, 'hello'))).toBe(false);
  });
});
