import { describe, expect, it } from 'vitest';
import { pageOf } from './page-of.js';

describe('pageOf', () => {
  const items = Array.from({ length: 250 }, (_, index) => index);

  it('gives the first 100 by default, with the total before paging', () => {
    const page = pageOf(items, {});
    expect(page.items).toEqual(items.slice(0, 100));
    expect(page.total).toBe(250);
  });

  it('honours offset and limit, and answers past the end with no items', () => {
    expect(pageOf(items, { offset: 240, limit: 20 })).toEqual({ items: items.slice(240), total: 250 });
    expect(pageOf(items, { offset: 300 })).toEqual({ items: [], total: 250 });
  });
});
