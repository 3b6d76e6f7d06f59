/**
 * Every list the API serves is one page of this envelope: `items` of the page, and `total`,
 * how many match before paging. The query takes `offset` and `limit` (at most
 * {@link MAX_PAGE_LIMIT}, default {@link DEFAULT_PAGE_LIMIT}).
 */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageQuery {
  /** Items to skip; default 0. */
  offset?: number;
  /** Items in the page; default 100, at most 1000. */
  limit?: number;
}

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
