import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { ProblemException } from '../http/problem.js';

/** How long a collection waits for the writers of the moment before it gives up (a build may run for hours). */
export const COLLECTION_WAIT_MS = 30_000;
/** Injection token of that wait, for tests that cannot sit through it. */
export const COLLECTION_WAIT = 'COLLECTION_WAIT_MS';

/**
 * Keeps garbage collection apart from everything that writes into the image store. A pull,
 * load or build puts blobs (and, while building, intermediate layers) into the store before
 * any name or catalogue row points at them; a collection running meanwhile would delete
 * them as unreachable. Writers share the store with each other; a collection runs only when
 * no writer does. A collection that is waiting never holds writers up — a team's long
 * `RUN sleep` must not stall every team's pulls and builds behind a prune — so it takes the
 * first quiet moment, and after `waitMs` without one it gives up with 409 STORE_BUSY. One
 * process owns a state root (the instance lock), so this in-process lock is enough.
 */
@Injectable()
export class ImageStoreLock {
  private shared = 0;
  private collecting = false;
  /** Writers that arrived during a collection, admitted when it ends. */
  private writersWaiting: (() => void)[] = [];
  /** Collections waiting for a moment without writers. */
  private collectionsWaiting: (() => void)[] = [];

  constructor(@Optional() @Inject(COLLECTION_WAIT) private readonly waitMs: number = COLLECTION_WAIT_MS) {}

  /** Runs `work` alongside other writers, never during a collection. */
  async withShared<T>(work: () => Promise<T>): Promise<T> {
    if (this.collecting) await new Promise<void>((admit) => this.writersWaiting.push(admit));
    this.shared += 1;
    try {
      return await work();
    } finally {
      this.shared -= 1;
      if (this.shared === 0) this.collectionsWaiting.shift()?.();
    }
  }

  /** Runs `work` with the store to itself, once no writer runs; refuses after `waitMs` of writers. */
  async withExclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.collecting || this.shared > 0) await this.quietMoment();
    this.collecting = true;
    try {
      return await work();
    } finally {
      this.collecting = false;
      for (const admit of this.writersWaiting.splice(0)) admit();
      if (this.shared === 0) this.collectionsWaiting.shift()?.();
    }
  }

  private quietMoment(): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.collectionsWaiting = this.collectionsWaiting.filter((waiting) => waiting !== wake);
        reject(
          new ProblemException(
            HttpStatus.CONFLICT,
            'STORE_BUSY',
            `the image store has been busy with pulls, builds or loads for ${Math.round(this.waitMs / 1000)} s; prune again when they are done`,
          ),
        );
      }, this.waitMs);
      this.collectionsWaiting.push(wake);
    });
  }
}
