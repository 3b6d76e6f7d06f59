import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export type BerthPrismaClient = InstanceType<typeof PrismaClient>;

/**
 * The only way Berth makes a Prisma client: through the node-postgres driver
 * adapter, so no Prisma engine binary is needed at run time.
 */
export function createPrismaClient(databaseUrl: string, options: { maxConnections?: number } = {}): BerthPrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
