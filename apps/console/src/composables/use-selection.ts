import { computed, ref, type Ref } from 'vue';

/**
 * Rows picked for a bulk action. Ids that leave the list (removed, filtered out) leave
 * the selection too, so a bulk action never touches a row the person cannot see.
 */
export function useSelection(visibleIds: Ref<readonly string[]>) {
  const picked = ref<Set<string>>(new Set());

  const selected = computed(() => visibleIds.value.filter((id) => picked.value.has(id)));
  const allSelected = computed(() => visibleIds.value.length > 0 && selected.value.length === visibleIds.value.length);
  const someSelected = computed(() => selected.value.length > 0 && !allSelected.value);

  function isSelected(id: string): boolean {
    return picked.value.has(id);
  }

  function toggle(id: string): void {
    const next = new Set(picked.value);
    if (!next.delete(id)) next.add(id);
    picked.value = next;
  }

  function toggleAll(): void {
    picked.value = allSelected.value ? new Set() : new Set(visibleIds.value);
  }

  function clear(): void {
    picked.value = new Set();
  }

  return { selected, allSelected, someSelected, isSelected, toggle, toggleAll, clear };
}
