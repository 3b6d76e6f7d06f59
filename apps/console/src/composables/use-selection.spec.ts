import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { useSelection } from './use-selection';

describe('useSelection', () => {
  it('toggles rows one by one and all at once', () => {
    const ids = ref(['a', 'b', 'c']);
    const selection = useSelection(ids);

    selection.toggle('b');
    expect(selection.selected.value).toEqual(['b']);
    expect(selection.someSelected.value).toBe(true);

    selection.toggleAll();
    expect(selection.selected.value).toEqual(['a', 'b', 'c']);
    expect(selection.allSelected.value).toBe(true);

    selection.toggleAll();
    expect(selection.selected.value).toEqual([]);
  });

  it('forgets rows that leave the list', () => {
    const ids = ref(['a', 'b']);
    const selection = useSelection(ids);
    selection.toggleAll();

    ids.value = ['b', 'c'];

    expect(selection.selected.value).toEqual(['b']);
    expect(selection.isSelected('c')).toBe(false);
    expect(selection.allSelected.value).toBe(false);
  });
});
