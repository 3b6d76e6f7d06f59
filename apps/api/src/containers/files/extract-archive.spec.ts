import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractArchive } from './extract-archive.js';
import { packPath } from './pack-path.js';

type Entry = Parameters<Pack['entry']>[0] & { body?: string };

let base: string;
let root: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'berth-cp-'));
  root = join(base, 'root');
  mkdirSync(join(root, 'tmp'), { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function tarOf(entries: Entry[]): Readable {
  const archive = pack();
  for (const { body, ...header } of entries) archive.entry(header, body ?? '');
  archive.finalize();
  return Readable.from(archive as unknown as AsyncIterable<Buffer>);
}

const options = { copyOwnership: false, noOverwriteDirNonDir: false };

describe('extractArchive', () => {
  it('writes files, directories and links under the target directory', async () => {
    const count = await extractArchive(
      root,
      '/tmp',
      tarOf([
        { name: 'dir', type: 'directory', mode: 0o750 },
        { name: 'dir/file.txt', body: 'hello', mode: 0o640 },
        { name: 'dir/link', type: 'symlink', linkname: 'file.txt' },
      ]),
      options,
    );
    expect(count).toBe(3);
    expect(readFileSync(join(root, 'tmp/dir/file.txt'), 'utf8')).toBe('hello');
    expect(lstatSync(join(root, 'tmp/dir/file.txt')).mode & 0o777).toBe(0o640);
    expect(lstatSync(join(root, 'tmp/dir')).mode & 0o777).toBe(0o750);
    expect(readlinkSync(join(root, 'tmp/dir/link'))).toBe('file.txt');
  });

  it('writes through a link the archive planted only inside the root, never onto the host', async () => {
    await extractArchive(
      root,
      '/tmp',
      tarOf([
        { name: 'escape', type: 'symlink', linkname: '/' },
        { name: 'escape/planted', body: 'inside' },
        { name: 'up', type: 'symlink', linkname: '../../../../../..' },
        { name: 'up/planted-too', body: 'inside' },
      ]),
      options,
    );
    expect(readFileSync(join(root, 'planted'), 'utf8')).toBe('inside');
    expect(readFileSync(join(root, 'planted-too'), 'utf8')).toBe('inside');
    expect(existsSync(join(base, 'planted-too'))).toBe(false);
  });

  it('replaces a link at the path instead of writing through it', async () => {
    writeFileSync(join(base, 'host-file'), 'host');
    await extractArchive(
      root,
      '/tmp',
      tarOf([
        { name: 'target', type: 'symlink', linkname: join(base, 'host-file') },
        { name: 'target', body: 'new' },
      ]),
      options,
    );
    expect(readFileSync(join(base, 'host-file'), 'utf8')).toBe('host');
    expect(readFileSync(join(root, 'tmp/target'), 'utf8')).toBe('new');
  });

  it('refuses an entry that climbs out with ..', async () => {
    await expect(extractArchive(root, '/tmp', tarOf([{ name: '../etc/passwd', body: 'x' }]), options)).rejects.toMatchObject({
      response: { code: 'INVALID_ARCHIVE' },
    });
    expect(existsSync(join(root, 'etc/passwd'))).toBe(false);
  });

  it('refuses to replace a directory with a file under noOverwriteDirNonDir', async () => {
    mkdirSync(join(root, 'tmp/dir'));
    const archive = () => tarOf([{ name: 'dir', body: 'file now' }]);
    await expect(extractArchive(root, '/tmp', archive(), { ...options, noOverwriteDirNonDir: true })).rejects.toMatchObject({
      response: { code: 'WOULD_REPLACE' },
    });
    await extractArchive(root, '/tmp', archive(), options);
    expect(readFileSync(join(root, 'tmp/dir'), 'utf8')).toBe('file now');
  });

  it("keeps the archive's owners only when asked (docker cp -a), else files belong to root", async () => {
    const archive = () => tarOf([{ name: 'owned.txt', body: 'x', uid: 1234, gid: 5678 }]);
    await extractArchive(root, '/tmp', archive(), options);
    expect(lstatSync(join(root, 'tmp/owned.txt'))).toMatchObject({ uid: 0, gid: 0 });
    await extractArchive(root, '/tmp', archive(), { ...options, copyOwnership: true });
    expect(lstatSync(join(root, 'tmp/owned.txt'))).toMatchObject({ uid: 1234, gid: 5678 });
  });

  it('refuses a body that is not a tar', async () => {
    await expect(extractArchive(root, '/tmp', Readable.from([Buffer.alloc(1024, 7)]), options)).rejects.toMatchObject({
      response: { code: 'INVALID_ARCHIVE' },
    });
  });
});

describe('packPath', () => {
  it('packs a tree whose entries start with the given name, and unpacks to the same files', async () => {
    mkdirSync(join(root, 'src/sub'), { recursive: true });
    writeFileSync(join(root, 'src/sub/a.txt'), 'a');
    const names: string[] = [];
    const archive = packPath(join(root, 'src'), 'copy');
    const chunks: Buffer[] = [];
    for await (const chunk of archive as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
    await extractArchive(root, '/tmp', Readable.from(chunks), options);
    names.push(...['copy', 'copy/sub', 'copy/sub/a.txt'].filter((name) => existsSync(join(root, 'tmp', name))));
    expect(names).toEqual(['copy', 'copy/sub', 'copy/sub/a.txt']);
    expect(readFileSync(join(root, 'tmp/copy/sub/a.txt'), 'utf8')).toBe('a');
  });
});
