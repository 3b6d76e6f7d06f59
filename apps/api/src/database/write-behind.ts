import { Logger } from '@nestjs/common';

export interface WriteBehindOptions<T> {
  /** What one item is, for log lines: "event", "audit record". */
  what: string;
  /** Writes a batch, oldest first (one multi-row statement where it can). Throws when the database cannot take it now. */
  write: (batch: T[]) => Promise<void>;
  /** Most items one write takes. */
  maxBatch?: number;
  /** Most items held while the database is away; past it the oldest go, loudly (memory is not unbounded). */
  maxPending?: number;
  /** How long a failed write waits before the next try. */
  retryMs?: number;
  logger?: Logger;
}

interface Waiter {
  upTo: number;
  resolve: () => void;
}

/**
 * Writes that a request makes but need not wait for (events, audit records, last-used
 * times): pushed in memory and written off the request path, in order, many per statement.
 *
 * Why this design rather than writing them in the catalogue change's transaction: that would
 * add a transaction (BEGIN … COMMIT) to every call and put the write back on the request's
 * critical path, while most of these writes have no catalogue change to join (a refused
 * call's audit record, an exit seen by the watcher). Here a write starts on the next turn of
 * the event loop, so there is no added latency; whatever arrives while one is in flight goes
 * in the next, as one multi-row insert. Nothing is lost on a clean stop: `close()` (called
 * by DatabaseService before it disconnects) writes what is left. While the database is away
 * items wait and are retried, up to `maxPending`. Readers call `written()` first, so they see
 * everything pushed before their read, in order.
 */
export class WriteBehind<T> {
  private readonly logger: Logger;
  private readonly pending: T[] = [];
  private readonly waiters: Waiter[] = [];
  /** Items ever pushed, and ever written or given up: `written()` compares the two. */
  private pushed = 0;
  private done = 0;
  private flushing: Promise<void> | undefined;
  private scheduled: NodeJS.Immediate | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private inFlight = 0;

  constructor(private readonly options: WriteBehindOptions<T>) {
    this.logger = options.logger ?? new Logger('WriteBehind');
  }

  /** Queues the item; it is written soon after, in push order. */
  push(item: T): void {
    if (this.closed) {
      // After the database closed nothing can be written: say it rather than drop it silently.
      this.logger.error(`${this.options.what} lost: pushed after shutdown`);
      return;
    }
    this.pending.push(item);
    this.pushed++;
    const overflow = this.pending.length - (this.options.maxPending ?? 100_000);
    if (overflow > 0) {
      this.pending.splice(0, overflow);
      this.done += overflow;
      this.logger.error(`${overflow} ${this.options.what}(s) lost: more than ${this.options.maxPending ?? 100_000} waited for the database`);
    }
    this.schedule();
  }

  /**
   * Resolves once every item pushed before the call is written. While the database is away
   * it resolves at once: a reader's own query then reports the outage instead of hanging.
   */
  written(): Promise<void> {
    if (this.done >= this.pushed || this.retry) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo: this.pushed, resolve }));
  }

  /** Items not yet written (tests, metrics). */
  get backlog(): number {
    return this.pending.length + this.inFlight;
  }

  /** Writes what is left (one more try if the database was away) and takes no more. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.retry) clearTimeout(this.retry);
    this.scheduled = this.retry = undefined;
    await this.flushing;
    await this.writeAll();
    if (this.pending.length > 0) {
      this.logger.error(`${this.pending.length} ${this.options.what}(s) could not be written before shutdown`);
      this.done += this.pending.splice(0).length;
    }
    this.release(true);
  }

  private schedule(): void {
    if (this.flushing || this.scheduled || this.retry || this.closed) return;
    // The next turn, not now: what the same request or exit pushes next joins this batch.
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.flushing = this.writeAll().finally(() => {
        this.flushing = undefined;
        if (this.pending.length > 0) this.schedule();
      });
    });
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      // Taken out while in flight, so an overflow trims only what waits; put back in front on failure.
      const batch = this.pending.splice(0, this.options.maxBatch ?? 500);
      this.inFlight = batch.length;
      try {
        await this.options.write(batch);
      } catch (error) {
        this.pending.unshift(...batch);
        this.logger.warn(`${this.pending.length} ${this.options.what}(s) wait for the database: ${(error as Error).message}`);
        if (!this.closed) {
          this.retry = setTimeout(() => {
            this.retry = undefined;
            this.schedule();
          }, this.options.retryMs ?? 1000);
          this.retry.unref();
        }
        this.release(true);
        return;
      } finally {
        this.inFlight = 0;
      }
      this.done += batch.length;
      this.release(false);
    }
  }

  /** Wakes the readers whose items are written (all of them when the database is away). */
  private release(all: boolean): void {
    for (let index = this.waiters.length - 1; index >= 0; index--) {
      const waiter = this.waiters[index]!;
      if (!all && waiter.upTo > this.done) continue;
      this.waiters.splice(index, 1);
      waiter.resolve();
    }
  }
}
