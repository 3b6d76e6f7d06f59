import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Trash, TRASH_DIR } from './trash.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tree(path: string, files: number): void {
  mkdirSync(join(path, 'upper', 'deep'), { recursive: true });
  for (let index = 0; index < files; index++) writeFileSync(join(path, 'upper', 'deep', `f${index}`), 'x');
}

describe('Trash', () => {
  it('frees the path at once and removes the files after', async () => {
    root = mkdtempSync(join(tmpdir(), 'berth-trash-'));
    const trash = new Trash(root);
    tree(join(root, 'c1'), 200);
    const removal = trash.discard(join(root, 'c1'));
    // The name is free before the files are gone: the same id can be claimed again.
    expect(existsSync(join(root, 'c1'))).toBe(false);
    mkdirSync(join(root, 'c1'));
    await removal;
    // The empty trash goes with the last removal: the root is as it was, with the new c1.
    expect(readdirSync(root)).toEqual(['c1']);
  });

  it('has nothing to do for a path that is not there', () => {
    root = mkdtempSync(join(tmpdir(), 'berth-trash-'));
    expect(new Trash(root).discard(join(root, 'missing'))).toBeUndefined();
  });

  it('removes what an earlier process left in the trash, and settles', async () => {
    root = mkdtempSync(join(tmpdir(), 'berth-trash-'));
    tree(join(root, TRASH_DIR, 'left-by-a-crash'), 50);
    const trash = new Trash(root);
    trash.emptyLeftovers();
    await trash.settled();
    expect(existsSync(join(root, TRASH_DIR))).toBe(false);
  });
});
