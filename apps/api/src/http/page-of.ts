import { DEFAULT_PAGE_LIMIT, type Page, type PageQuery } from '@berth/contracts';

/**
 * One page of a list the service builds whole (images from the store, a team's volumes,
 * networks, tokens, teams, members, suites — tens of entries, not the thousands containers
 * and audit records reach, which page in the database).
 */
export function pageOf<T>(items: readonly T[], query: PageQuery): Page<T> {
  const offset = query.offset ?? 0;
  return { items: items.slice(offset, offset + (query.limit ?? DEFAULT_PAGE_LIMIT)), total: items.length };
}
