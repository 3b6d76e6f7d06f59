import { BerthApiError } from '@berth/contracts';
import { describe, expect, it } from 'vitest';
import { useListResource, without } from './use-list-resource';

interface Row {
  name: string;
  size: number;
}
const row = (name: string, size = 1): Row => ({ name, size });
const problem = (code: string) => new BerthApiError(code, 409, `${code} detail`);

/** A promise the test settles by hand, to order overlapping requests. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('useListResource', () => {
  it('loads the rows and marks the list loaded', async () => {
    const list = useListResource<Row>((item) => item.name);
    expect(list.loaded.value).toBe(false);

    const loading = list.load(async () => [row('a'), row('b')]);
    expect(list.loading.value).toBe(true);
    await loading;

    expect(list.items.value.map((item) => item.name)).toEqual(['a', 'b']);
    expect(list.loading.value).toBe(false);
    expect(list.loaded.value).toBe(true);
    expect(list.error.value).toBeNull();
  });

  it('keeps the latest load when an older answer arrives after it', async () => {
    const list = useListResource<Row>((item) => item.name);
    const slow = deferred<Row[]>();
    const first = list.load(() => slow.promise);
    const second = list.load(async () => [row('new')]);
    await second;
    expect(list.loading.value).toBe(false);

    slow.resolve([row('old')]);
    await first;

    expect(list.items.value.map((item) => item.name)).toEqual(['new']);
  });

  it('keeps a failed load as the list problem and ignores a stale failure', async () => {
    const list = useListResource<Row>((item) => item.name);
    await list.load(() => Promise.reject(problem('DOWN')));
    expect(list.error.value?.code).toBe('DOWN');
    expect(list.loaded.value).toBe(true);

    const slow = deferred<Row[]>();
    const stale = list.load(() => slow.promise);
    await list.load(async () => [row('a')]);
    slow.reject(problem('LATE'));
    await stale;
    expect(list.error.value).toBeNull();
  });

  it('applies any answer shape through loadLatest', async () => {
    const list = useListResource<Row>((item) => item.name);
    let total = 0;
    await list.loadLatest(
      async () => ({ rows: [row('a')], total: 7 }),
      (page) => {
        list.items.value = page.rows;
        total = page.total;
      },
    );
    expect(total).toBe(7);
    expect(list.items.value).toHaveLength(1);
  });

  it('puts an upserted row last, replacing one with the same key', async () => {
    const list = useListResource<Row>((item) => item.name);
    await list.load(async () => [row('a'), row('b')]);
    list.upsert(row('a', 2));
    expect(list.items.value).toEqual([row('b'), row('a', 2)]);
  });

  it('puts a removed row back in its place when refused, and keeps the reason for the row', async () => {
    const list = useListResource<Row, 'remove'>((item) => item.name);
    await list.load(async () => [row('a'), row('b'), row('c')]);
    const refusal = deferred<void>();

    const removing = list.removeOptimistically('b', () => refusal.promise, 'remove');
    expect(list.items.value.map((item) => item.name)).toEqual(['a', 'c']);
    expect(list.pending.value).toEqual({ b: 'remove' });

    refusal.reject(problem('IN_USE'));
    await expect(removing).resolves.toBe(false);
    expect(list.items.value.map((item) => item.name)).toEqual(['a', 'b', 'c']);
    expect(list.pending.value).toEqual({});
    expect(list.rowErrors.value['b']?.code).toBe('IN_USE');
  });

  it('clears a row problem when the next try succeeds', async () => {
    const list = useListResource<Row>((item) => item.name);
    await list.load(async () => [row('a')]);
    await list.removeOptimistically('a', () => Promise.reject(problem('IN_USE')));
    expect(list.rowErrors.value['a']).toBeDefined();

    await expect(list.removeOptimistically('a', async () => undefined)).resolves.toBe(true);
    expect(list.items.value).toEqual([]);
    expect(list.rowErrors.value).toEqual({});
  });

  it('does not put a row back twice when a reload already brought it back', async () => {
    const list = useListResource<Row>((item) => item.name);
    await list.load(async () => [row('a'), row('b')]);
    const refusal = deferred<void>();
    const removing = list.removeOptimistically('a', () => refusal.promise);
    await list.load(async () => [row('a'), row('b')]);
    refusal.reject(problem('IN_USE'));
    await removing;
    expect(list.items.value.map((item) => item.name)).toEqual(['a', 'b']);
  });

  it('rolls an optimistic change back when refused', async () => {
    const list = useListResource<Row>((item) => item.name);
    await list.load(async () => [row('a', 1), row('b', 1)]);
    const refusal = deferred<void>();

    const changing = list.updateOptimistically(
      'a',
      (item) => ({ ...item, size: 5 }),
      () => refusal.promise,
    );
    expect(list.items.value[0]!.size).toBe(5);

    refusal.reject(problem('LAST_ADMIN'));
    await expect(changing).resolves.toBe(false);
    expect(list.items.value).toEqual([row('a', 1), row('b', 1)]);
    expect(list.rowErrors.value['a']?.code).toBe('LAST_ADMIN');
  });
});

describe('without', () => {
  it('copies a record without one key', () => {
    const record = { a: 1, b: 2 };
    expect(without(record, 'a')).toEqual({ b: 2 });
    expect(record).toEqual({ a: 1, b: 2 });
  });
});
