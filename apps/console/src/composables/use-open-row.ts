import { ref } from 'vue';

/**
 * Which row of a table is opened for inspection: one at a time, so the page stays short.
 * Opening a row fetches its details afresh, since they change (a volume gains users).
 */
export function useOpenRow(inspect: (key: string) => Promise<void>) {
  const open = ref<string | null>(null);

  async function toggle(key: string): Promise<void> {
    open.value = open.value === key ? null : key;
    if (open.value !== null) await inspect(key);
  }

  return { open, toggle };
}
