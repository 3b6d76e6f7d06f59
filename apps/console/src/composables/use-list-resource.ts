import type { BerthApiError } from '@berth/contracts';
import { ref, shallowRef, type Ref } from 'vue';
import { toBerthApiError } from '../api/berth';

/**
 * The state a list store keeps for its page: the rows, whether a load is under way or has
 * finished once, the problem of the last load, the verb under way per row (to disable its
 * buttons) and the last failed row action (shown next to the row until the next try).
 *
 * Loads race (a refresh while the first is still out, a filter change): each load takes a
 * ticket and only the latest one's answer is applied, so a slow older answer never overwrites
 * a newer one. Row changes are optimistic and put the old row back when the server refuses.
 */
export function useListResource<T, Verb extends string = never>(keyOf: (item: T) => string) {
  // The cast keeps `T` un-unwrapped: rows are plain API objects, never nested refs.
  const items = ref<T[]>([]) as Ref<T[]>;
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<BerthApiError | null>(null);
  const pending = ref<Record<string, Verb>>({}) as Ref<Record<string, Verb>>;
  const rowErrors = shallowRef<Record<string, BerthApiError>>({});

  let latestTicket = 0;

  /** Fetches and applies the answer, unless a later load started meanwhile. */
  async function loadLatest<R>(request: () => Promise<R>, apply: (result: R) => void): Promise<void> {
    const ticket = ++latestTicket;
    loading.value = true;
    try {
      const result = await request();
      if (ticket !== latestTicket) return;
      apply(result);
      error.value = null;
    } catch (caught) {
      if (ticket === latestTicket) error.value = toBerthApiError(caught);
    } finally {
      if (ticket === latestTicket) {
        loading.value = false;
        loaded.value = true;
      }
    }
  }

  /** Replaces the rows with the list the request answers. */
  function load(request: () => Promise<T[]>): Promise<void> {
    return loadLatest(request, (list) => {
      items.value = list;
    });
  }

  /** Puts a row at the end, in place of any row with the same key (a create that may repeat). */
  function upsert(item: T): void {
    const key = keyOf(item);
    items.value = [...items.value.filter((row) => keyOf(row) !== key), item];
  }

  /**
   * Runs an action for one row: its last problem is cleared first and the new one kept when
   * refused, rather than thrown, because the row shows it. With a verb, the row is marked
   * pending meanwhile. Resolves whether the action succeeded.
   */
  async function rowAction(key: string, action: () => Promise<unknown>, verb?: Verb): Promise<boolean> {
    if (verb !== undefined) pending.value = { ...pending.value, [key]: verb };
    rowErrors.value = without(rowErrors.value, key);
    try {
      await action();
      return true;
    } catch (caught) {
      rowErrors.value = { ...rowErrors.value, [key]: toBerthApiError(caught) };
      return false;
    } finally {
      if (verb !== undefined) pending.value = without(pending.value, key);
    }
  }

  /** Drops the row at once; when refused, puts it back where it was (unless a reload already did). */
  async function removeOptimistically(key: string, request: () => Promise<unknown>, verb?: Verb): Promise<boolean> {
    const index = items.value.findIndex((row) => keyOf(row) === key);
    const removed = items.value[index];
    items.value = items.value.filter((row) => keyOf(row) !== key);
    const ok = await rowAction(key, request, verb);
    if (!ok && removed !== undefined && !items.value.some((row) => keyOf(row) === key)) {
      const restored = [...items.value];
      restored.splice(Math.min(index, restored.length), 0, removed);
      items.value = restored;
    }
    return ok;
  }

  /** Changes the row at once; when refused, puts the row as it was back in its place. */
  async function updateOptimistically(key: string, change: (item: T) => T, request: () => Promise<unknown>, verb?: Verb): Promise<boolean> {
    const before = items.value.find((row) => keyOf(row) === key);
    if (before !== undefined) items.value = items.value.map((row) => (row === before ? change(row) : row));
    const ok = await rowAction(key, request, verb);
    if (!ok && before !== undefined) items.value = items.value.map((row) => (keyOf(row) === key ? before : row));
    return ok;
  }

  return { items, loading, loaded, error, pending, rowErrors, loadLatest, load, upsert, rowAction, removeOptimistically, updateOptimistically };
}

/** A copy of a keyed record without one key (records are replaced, not mutated, so views update). */
export function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
