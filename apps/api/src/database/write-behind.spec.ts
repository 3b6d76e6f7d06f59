import { Logger } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { WriteBehind } from './write-behind.js';

/** A writer that keeps each batch it took, can be made to fail, and can be held mid-write. */
function sink() {
  const batches: number[][] = [];
  const state = { failing: false, hold: undefined as Promise<void> | undefined };
  const write = async (batch: number[]) => {
    if (state.hold) await state.hold;
    if (state.failing) throw new Error('connection refused');
    batches.push([...batch]);
  };
  return { batches, state, write, all: () => batches.flat() };
}

/** Collects what the queue says, so a test can tell that a loss was reported. */
class Lines extends Logger {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  override error(message: unknown): void {
    this.errors.push(String(message));
  }
  override warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteBehind', () => {
  it('writes what one turn pushes as one batch, in order, and what arrives during a write as the next', async () => {
    const writer = sink();
    let release!: () => void;
    writer.state.hold = new Promise<void>((resolve) => (release = resolve));
    const queue = new WriteBehind<number>({ what: 'item', write: writer.write });
    for (const item of [1, 2, 3]) queue.push(item);
    await tick();
    // The first batch is in flight: these wait for it and then go together.
    for (const item of [4, 5]) queue.push(item);
    writer.state.hold = undefined;
    release();
    await queue.written();
    expect(writer.batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('answers written() once everything pushed before it is written, and not before', async () => {
    const writer = sink();
    const queue = new WriteBehind<number>({ what: 'item', write: writer.write, maxBatch: 2 });
    for (const item of [1, 2, 3, 4, 5]) queue.push(item);
    expect(writer.all()).toEqual([]);
    await queue.written();
    expect(writer.all()).toEqual([1, 2, 3, 4, 5]);
    expect(writer.batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(queue.backlog).toBe(0);
  });

  it('keeps items while the database is away and writes them, in order, when it is back', async () => {
    const writer = sink();
    writer.state.failing = true;
    const queue = new WriteBehind<number>({ what: 'item', write: writer.write, retryMs: 20, logger: new Lines() });
    queue.push(1);
    queue.push(2);
    // A reader is not held while the database is away: its own query reports the outage.
    await queue.written();
    expect(queue.backlog).toBe(2);
    queue.push(3);
    writer.state.failing = false;
    const deadline = Date.now() + 2000;
    while (queue.backlog > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(writer.all()).toEqual([1, 2, 3]);
  });

  it('writes what is left at close, then refuses more and says so', async () => {
    const writer = sink();
    const logger = new Lines();
    const queue = new WriteBehind<number>({ what: 'item', write: writer.write, logger });
    queue.push(1);
    queue.push(2);
    await queue.close();
    expect(writer.all()).toEqual([1, 2]);
    queue.push(3);
    await tick();
    expect(writer.all()).toEqual([1, 2]);
    expect(logger.errors).toEqual(['item lost: pushed after shutdown']);
  });

  it('tries once more at close when the database was away, and reports what it could not write', async () => {
    const writer = sink();
    writer.state.failing = true;
    const logger = new Lines();
    const queue = new WriteBehind<number>({ what: 'item', write: writer.write, retryMs: 60_000, logger });
    queue.push(1);
    await queue.written();
    await queue.close();
    expect(writer.all()).toEqual([]);
    expect(logger.errors).toEqual(['1 item(s) could not be written before shutdown']);
    expect(queue.backlog).toBe(0);
  });

  it('holds at most maxPending while the database is away, dropping the oldest loudly', async () => {
    const writer = sink();
    writer.state.failing = true;
    const logger = new Lines();
    const queue = new WriteBehind<number>({ what: 'item', write: writer.write, retryMs: 60_000, maxPending: 3, logger });
    queue.push(1);
    await queue.written();
    for (const item of [2, 3, 4]) queue.push(item);
    expect(queue.backlog).toBe(3);
    expect(logger.errors).toEqual(['1 item(s) lost: more than 3 waited for the database']);
    writer.state.failing = false;
    await queue.close();
    expect(writer.all()).toEqual([2, 3, 4]);
  });
});
