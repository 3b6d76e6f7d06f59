import { Models } from '@berth/db';

/**
 * Whether a write failed on a foreign key (a row it points at is gone): P2003 from a model
 * query, P2010 with PostgreSQL's 23503 from a raw one.
 */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Models.Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === 'P2003') return true;
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return error.code === 'P2010' && cause?.originalCode === '23503';
}
