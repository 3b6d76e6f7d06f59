import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient, type BerthPrismaClient } from '@berth/db';
import { APP_CONTEXT, type AppContext } from '../app-context.js';

/** The one Prisma client of the process; repositories reach the database through it. */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  readonly client: BerthPrismaClient;

  constructor(@Inject(APP_CONTEXT) context: AppContext) {
    this.client = createPrismaClient(context.database.url);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.$disconnect();
  }
}
