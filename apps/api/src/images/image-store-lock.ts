import { Injectable } from '@nestjs/common';

interface Waiter {
  exclusive: boolean;
  admit: () => void;
}

/**
 * Keeps garbage collection apart from everything that writes into the image store. A pull,
 * load or build puts blobs (and, while building, intermediate layers) into the store before
 * any name or catalogue row points at them; a collection running meanwhile would delete
 * them as unreachable. Writers share the store with each other; a collection waits for them
 * and holds it alone. Waiters are admitted in arrival order, so a steady stream of pulls
 * cannot starve a prune. One process owns a state root (the instance lock), so this
 * in-process lock is enough.
 */
@Injectable()
export class ImageStoreLock {
  private shared = 0;
  private exclusive = false;
  private readonly queue: Waiter[] = [];

  /** Runs `work` alongside other writers, never during a collection. */
  async withShared<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await work();
    } finally {
      this.shared -= 1;
      this.admitWaiters();
    }
  }

  /** Runs `work` with the store to itself. */
  async withExclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await work();
    } finally {
      this.exclusive = false;
      this.admitWaiters();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ exclusive, admit: resolve });
      this.admitWaiters();
    });
  }

  private admitWaiters(): void {
    while (this.queue.length > 0 && !this.exclusive) {
      const next = this.queue[0]!;
      if (next.exclusive && this.shared > 0) return;
      this.queue.shift();
      if (next.exclusive) this.exclusive = true;
      else this.shared += 1;
      next.admit();
      if (next.exclusive) return;
    }
  }
}
