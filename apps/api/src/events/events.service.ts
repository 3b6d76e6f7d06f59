import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { BerthEvent } from '@berth/contracts';
import { Subject, type Observable } from 'rxjs';
import { EventsRepository, type NewEvent } from './events.repository.js';

/** How long a failed write waits before the next try (PostgreSQL restarting, say). */
const RETRY_MS = 1000;

/**
 * Records what happens to containers, images and volumes, in order, and tells live
 * subscribers. An event that cannot be written now (the database is down) waits in memory
 * and is written when it comes back: `docker events` users expect none to go missing.
 */
@Injectable()
export class EventsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly pending: NewEvent[] = [];
  private readonly live = new Subject<BerthEvent & { teamId: string | null }>();
  private flushing: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly repository: EventsRepository) {}

  /** Queues the event (stamped now) and starts writing; resolves once it is written or queued for retry. */
  record(event: NewEvent): Promise<void> {
    this.pending.push({ ...event, at: event.at ?? new Date() });
    return this.flush();
  }

  /** Every event as it is written, of every team; subscribers filter. */
  stream(): Observable<BerthEvent & { teamId: string | null }> {
    return this.live.asObservable();
  }

  /** Resolves when nothing is left to write (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0) {
      await this.flush();
      if (this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, RETRY_MS / 4));
    }
  }

  private flush(): Promise<void> {
    this.flushing ??= this.writePending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    while (this.pending.length > 0) {
      try {
        this.live.next(await this.repository.insert(this.pending[0]!));
        this.pending.shift();
      } catch (error) {
        this.logger.warn(`${this.pending.length} event(s) wait for the database: ${(error as Error).message}`);
        this.retry ??= setTimeout(() => {
          this.retry = undefined;
          void this.flush();
        }, RETRY_MS);
        this.retry.unref();
        return;
      }
    }
  }

  onApplicationShutdown(): void {
    if (this.retry) clearTimeout(this.retry);
    if (this.pending.length > 0) this.logger.error(`${this.pending.length} event(s) could not be written before shutdown`);
    this.live.complete();
  }
}
