import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContextFile } from './context-file.js';

// The build context is written by whoever sends the build: its .dockerignore and Dockerfile
// may be symlinks to host files that exhaust memory (/dev/zero), block (/proc/kmsg) or leak.
let context: string;
beforeAll(() => {
  context = mkdtempSync(join(tmpdir(), 'berth-context-'));
  mkdirSync(join(context, 'sub'));
  writeFileSync(join(context, 'sub', 'patterns'), '*.log\n');
});
afterAll(() => rmSync(context, { recursive: true, force: true }));

const read = (name: string) => readContextFile(context, name, 1024 * 1024, 'INVALID_DOCKERIGNORE');

describe('readContextFile', () => {
  it.each([
    ['zero', '/dev/zero'],
    ['kmsg', '/proc/kmsg'],
    ['passwd', '../../../../etc/passwd'],
  ])('reads a symlink to %s as a path inside the context, where there is nothing', async (name, target) => {
    symlinkSync(target, join(context, name));
    const started = performance.now();
    await expect(read(name)).resolves.toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('follows a symlink that stays inside the context', async () => {
    symlinkSync('sub/patterns', join(context, 'inside'));
    await expect(read('inside')).resolves.toBe('*.log\n');
  });

  it('refuses what is not a regular file, without blocking on a FIFO', async () => {
    execFileSync('mkfifo', [join(context, 'fifo')]);
    await expect(read('fifo')).rejects.toMatchObject({ code: 'INVALID_DOCKERIGNORE', message: expect.stringContaining('not a regular file') });
    await expect(read('sub')).rejects.toMatchObject({ code: 'INVALID_DOCKERIGNORE' });
  });

  it('refuses a file too large to be a .dockerignore', async () => {
    writeFileSync(join(context, 'big'), Buffer.alloc(2 * 1024 * 1024));
    await expect(read('big')).rejects.toMatchObject({ code: 'INVALID_DOCKERIGNORE', message: expect.stringContaining('larger than') });
  });

  it('answers undefined when there is no such file', async () => {
    await expect(read('.dockerignore')).resolves.toBeUndefined();
  });
});
