import { MAX_PAGE_LIMIT, type Page, type PageQuery } from '../page.js';

/**
 * Every item of a paged list, however many pages that takes: asks for the largest pages
 * from offset 0 until it has `total` items or a page comes back empty (the list shrank
 * meanwhile).
 */
export async function allPages<T>(fetchPage: (page: Required<PageQuery>) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await fetchPage({ offset: items.length, limit: MAX_PAGE_LIMIT });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}
