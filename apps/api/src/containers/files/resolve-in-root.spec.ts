import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveInRoot } from './resolve-in-root.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-root-'));
  mkdirSync(join(root, 'etc'));
  writeFileSync(join(root, 'etc/hostname'), 'inside\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resolveInRoot', () => {
  it('keeps a plain path as it is', async () => {
    expect(await resolveInRoot(root, '/etc/hostname', true)).toBe('/etc/hostname');
  });

  it('stops .. at the root', async () => {
    expect(await resolveInRoot(root, '/../../../etc/hostname', true)).toBe('/etc/hostname');
  });

  it('reads an absolute link as the container would: from its root, not the host', async () => {
    symlinkSync('/', join(root, 'escape'));
    symlinkSync('/etc', join(root, 'etc-link'));
    expect(await resolveInRoot(root, '/escape/etc/hostname', true)).toBe('/etc/hostname');
    expect(await resolveInRoot(root, '/etc-link/hostname', true)).toBe('/etc/hostname');
  });

  it('stops a relative link climbing with ../../.. at the root', async () => {
    mkdirSync(join(root, 'a/b'), { recursive: true });
    symlinkSync('../../../../../../..', join(root, 'a/b/up'));
    expect(await resolveInRoot(root, '/a/b/up', true)).toBe('/');
    expect(await resolveInRoot(root, '/a/b/up/etc/hostname', true)).toBe('/etc/hostname');
  });

  it('keeps the last link itself unless asked to follow it', async () => {
    symlinkSync('/etc/hostname', join(root, 'name'));
    expect(await resolveInRoot(root, '/name', false)).toBe('/name');
    expect(await resolveInRoot(root, '/name', true)).toBe('/etc/hostname');
  });

  it('keeps missing components as written, so the real call reports ENOENT', async () => {
    expect(await resolveInRoot(root, '/nothing/here', true)).toBe('/nothing/here');
  });

  it('refuses a link loop with TOO_MANY_LINKS', async () => {
    symlinkSync('/b', join(root, 'a'));
    symlinkSync('/a', join(root, 'b'));
    await expect(resolveInRoot(root, '/a', true)).rejects.toMatchObject({ response: { code: 'TOO_MANY_LINKS' } });
  });
});
