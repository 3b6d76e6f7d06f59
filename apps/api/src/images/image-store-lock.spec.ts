import { describe, expect, it } from 'vitest';
import { ImageStoreLock } from './image-store-lock.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ImageStoreLock', () => {
  it('lets writers share and keeps a collection apart from them', async () => {
    const lock = new ImageStoreLock();
    const log: string[] = [];
    const first = deferred();
    const second = deferred();
    const a = lock.withShared(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
    });
    const b = lock.withShared(async () => {
      log.push('b start');
      await second.promise;
      log.push('b end');
    });
    const gc = lock.withExclusive(async () => void log.push('gc'));
    // Arrived after the collection: waits for it, so pulls cannot starve a prune.
    const c = lock.withShared(async () => void log.push('c'));
    await Promise.resolve();
    expect(log).toEqual(['a start', 'b start']);
    first.resolve();
    second.resolve();
    await Promise.all([a, b, gc, c]);
    expect(log).toEqual(['a start', 'b start', 'a end', 'b end', 'gc', 'c']);
  });

  it('releases after a failure', async () => {
    const lock = new ImageStoreLock();
    await expect(lock.withExclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.withShared(async () => 'ok')).resolves.toBe('ok');
  });
});
