import { describe, expect, it } from 'vitest';
import { TransferProgressView } from './transfer-progress.js';

const WORDS = { active: 'Downloading', finished: 'Pull complete', skipped: 'Already exists' };
const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('transfer progress', () => {
  it('prints a plain line when a blob starts and when it ends, off a terminal', () => {
    const lines: string[] = [];
    const view = new TransferProgressView((text) => lines.push(text), false, WORDS);
    view.update({ digest: A, bytes: 0, total: 2048, done: false });
    view.update({ digest: A, bytes: 1024, total: 2048, done: false });
    view.update({ digest: B, bytes: 10, total: 10, done: true, skipped: true });
    view.update({ digest: A, bytes: 2048, total: 2048, done: true });
    view.finish();
    expect(lines.join('')).toBe('aaaaaaaaaaaa: Downloading 2KiB\nbbbbbbbbbbbb: Already exists\naaaaaaaaaaaa: Pull complete 2KiB\n');
  });

  it('redraws bars in place on a terminal', () => {
    let screen = '';
    const view = new TransferProgressView((text) => (screen += text), true, WORDS);
    view.update({ digest: A, bytes: 1024, total: 2048, done: false });
    view.finish();
    expect(screen).toContain(`aaaaaaaaaaaa: Downloading [${'='.repeat(15)}>${' '.repeat(14)}] 1KiB/2KiB\n`);
    expect(screen).toContain('\x1b[1A\x1b[2K'); // the second draw moved up over the first
  });
});
