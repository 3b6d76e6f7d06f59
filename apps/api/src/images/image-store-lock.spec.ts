import { describe, expect, it } from 'vitest';
import { ImageStoreLock } from './image-store-lock.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ImageStoreLock', () => {
  it('lets writers share, and runs a collection only when none writes', async () => {
    const lock = new ImageStoreLock(5_000);
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
    await tick();
    expect(log).toEqual(['a start', 'b start']);
    first.resolve();
    second.resolve();
    await Promise.all([a, b, gc]);
    expect(log).toEqual(['a start', 'b start', 'a end', 'b end', 'gc']);
  });

  it('never holds a writer behind a waiting collection: a long build does not stall other pulls', async () => {
    const lock = new ImageStoreLock(5_000);
    const build = deferred();
    const log: string[] = [];
    const longBuild = lock.withShared(() => build.promise);
    const gc = lock.withExclusive(async () => void log.push('gc'));
    await lock.withShared(async () => void log.push('pull of another team'));
    expect(log).toEqual(['pull of another team']);
    build.resolve();
    await Promise.all([longBuild, gc]);
    expect(log).toEqual(['pull of another team', 'gc']);
  });

  it('gives a collection up with 409 STORE_BUSY when writers never pause, and keeps working after', async () => {
    const lock = new ImageStoreLock(50);
    const build = deferred();
    const longBuild = lock.withShared(() => build.promise);
    await expect(lock.withExclusive(async () => 'never')).rejects.toMatchObject({ response: { code: 'STORE_BUSY' }, status: 409 });
    build.resolve();
    await longBuild;
    await expect(lock.withExclusive(async () => 'collected')).resolves.toBe('collected');
  });

  it('holds writers that arrive during a collection until it ends', async () => {
    const lock = new ImageStoreLock(5_000);
    const collection = deferred();
    const log: string[] = [];
    const gc = lock.withExclusive(async () => {
      log.push('gc start');
      await collection.promise;
      log.push('gc end');
    });
    const pull = lock.withShared(async () => void log.push('pull'));
    await tick();
    expect(log).toEqual(['gc start']);
    collection.resolve();
    await Promise.all([gc, pull]);
    expect(log).toEqual(['gc start', 'gc end', 'pull']);
  });

  it('releases after a failure', async () => {
    const lock = new ImageStoreLock(5_000);
    await expect(lock.withExclusive(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.withShared(async () => 'ok')).resolves.toBe('ok');
  });
});
