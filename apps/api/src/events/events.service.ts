import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { BerthEvent } from '@berth/contracts';
import { Subject, type Observable } from 'rxjs';
import { DatabaseService } from '../database/database.service.js';
import { WriteBehind } from '../database/write-behind.js';
import { EventsRepository, type NewEvent } from './events.repository.js';

/**
 * Records what happens to containers, images and volumes, in order, and tells live
 * subscribers. Recording is off the request path: an event is queued (stamped now) and
 * written with whatever else is queued by then, as one multi-row insert (write-behind.ts says
 * why). Live subscribers get it once written, numbered, in id order; readers of the table
 * call `drain()` first. An event that cannot be written now (the database is down) waits in
 * memory and is written when it comes back, and what is queued at a clean stop is written
 * before the database closes: `docker events` users expect none to go missing.
 */
@Injectable()
export class EventsService implements OnApplicationShutdown {
  private readonly live = new Subject<BerthEvent & { teamId: string | null }>();
  private readonly queue: WriteBehind<NewEvent>;

  constructor(repository: EventsRepository, database: DatabaseService) {
    this.queue = new WriteBehind<NewEvent>({
      what: 'event',
      logger: new Logger('Events'),
      write: async (batch) => {
        for (const event of await repository.insertMany(batch)) this.live.next(event);
      },
    });
    database.beforeDisconnect(() => this.queue.close());
  }

  /** Queues the event, stamped now unless it carries a time; it is written and published soon after, in order. */
  record(event: NewEvent): void {
    this.queue.push({ ...event, at: event.at ?? new Date() });
  }

  /** Every event as it is written, of every team; subscribers filter. */
  stream(): Observable<BerthEvent & { teamId: string | null }> {
    return this.live.asObservable();
  }

  /** Resolves once every event recorded before the call is written (readers of the table, tests). */
  drain(): Promise<void> {
    return this.queue.written();
  }

  onApplicationShutdown(): void {
    this.live.complete();
  }
}
