import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient, type BerthPrismaClient } from '@berth/db';
import { APP_CONTEXT, type AppContext } from '../app-context.js';

/** The one Prisma client of the process; repositories reach the database through it. */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  readonly client: BerthPrismaClient;
  private readonly logger = new Logger('Database');
  private readonly finalWrites: (() => Promise<void>)[] = [];

  constructor(@Inject(APP_CONTEXT) context: AppContext) {
    this.client = createPrismaClient(context.database.url, { onQuery: context.database.onQuery });
  }

  /**
   * What must be written before the client disconnects: the write-behind queues (events,
   * audit records, last-used times). Registered here rather than in each service's own
   * shutdown hook, whose order against this one Nest does not promise.
   */
  beforeDisconnect(write: () => Promise<void>): void {
    this.finalWrites.push(write);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const result of await Promise.allSettled(this.finalWrites.map((write) => write()))) {
      if (result.status === 'rejected') this.logger.error(`final write before disconnecting failed: ${String(result.reason)}`);
    }
    await this.client.$disconnect();
  }
}
