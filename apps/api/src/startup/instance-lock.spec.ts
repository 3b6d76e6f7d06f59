import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock } from './instance-lock.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-lock-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('instance lock', () => {
  it('holds our pid and is removed on release', () => {
    const lock = acquireInstanceLock(root);
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('refuses while a live process holds it', () => {
    // pid 1 is always alive
    writeFileSync(join(root, 'berth.pid'), '1\n');
    expect(() => acquireInstanceLock(root)).toThrow(expect.objectContaining({ code: 'ALREADY_RUNNING', message: expect.stringContaining('pid 1') }));
  });

  it('takes over a lock whose owner died', () => {
    writeFileSync(join(root, 'berth.pid'), `${spawnSync('true').pid}\n`);
    const lock = acquireInstanceLock(root);
    expect(readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});
