import { describe, expect, it } from 'vitest';
import type { Page, PageQuery } from '../page.js';
import { allPages } from './all-pages.js';

/** A server-side list of `count` items that answers pages as the API does, recording each request. */
function listOf(count: number, shrinkTo?: number) {
  let items = Array.from({ length: count }, (_, index) => index);
  const asked: Required<PageQuery>[] = [];
  const fetchPage = async (page: Required<PageQuery>): Promise<Page<number>> => {
    asked.push(page);
    const answer = { items: items.slice(page.offset, page.offset + page.limit), total: items.length };
    if (shrinkTo !== undefined) items = items.slice(0, shrinkTo);
    return answer;
  };
  return { fetchPage, asked };
}

describe('allPages', () => {
  it('asks for the largest pages until it has the total', async () => {
    const { fetchPage, asked } = listOf(2500);
    const items = await allPages(fetchPage);
    expect(items).toHaveLength(2500);
    expect(items.at(-1)).toBe(2499);
    expect(asked).toEqual([
      { offset: 0, limit: 1000 },
      { offset: 1000, limit: 1000 },
      { offset: 2000, limit: 1000 },
    ]);
  });

  it('asks once for an empty list', async () => {
    const { fetchPage, asked } = listOf(0);
    expect(await allPages(fetchPage)).toEqual([]);
    expect(asked).toHaveLength(1);
  });

  it('stops at an empty page when the list shrank meanwhile', async () => {
    const { fetchPage, asked } = listOf(1500, 900);
    expect(await allPages(fetchPage)).toHaveLength(1000);
    expect(asked).toHaveLength(2);
  });
});
