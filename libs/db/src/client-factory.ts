import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export type BerthPrismaClient = InstanceType<typeof PrismaClient>;

export interface PrismaClientOptions {
  maxConnections?: number;
  /** Told every SQL statement the client sends (tests count the statements a request costs). */
  onQuery?: (sql: string) => void;
}

/**
 * The only way Berth makes a Prisma client: through the node-postgres driver
 * adapter, so no Prisma engine binary is needed at run time.
 */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): BerthPrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  const onQuery = options.onQuery;
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query));
  return client;
}
