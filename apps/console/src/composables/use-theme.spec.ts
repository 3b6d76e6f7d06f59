import { nextTick } from 'vue';
import { afterEach, describe, expect, it } from 'vitest';
import { resetThemeForTests, useTheme } from './use-theme';

describe('useTheme', () => {
  afterEach(() => {
    localStorage.clear();
    document.documentElement.removeAttribute('data-theme');
    resetThemeForTests();
  });

  it('follows the system until a theme is picked, then keeps the pick', async () => {
    const { theme, cycle } = useTheme();
    expect(theme.value).toBe('system');
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);

    cycle();
    await nextTick();
    expect(theme.value).toBe('light');
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    expect(localStorage.getItem('berth.theme')).toBe('light');

    cycle();
    cycle();
    await nextTick();
    expect(theme.value).toBe('system');
    expect(localStorage.getItem('berth.theme')).toBeNull();
  });

  it('restores a stored pick and shares it between callers', () => {
    localStorage.setItem('berth.theme', 'dark');

    const first = useTheme();
    const second = useTheme();

    expect(first.theme.value).toBe('dark');
    expect(second.theme).toBe(first.theme);
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
  });

  it('ignores a stored value it does not know', () => {
    localStorage.setItem('berth.theme', 'sepia');

    expect(useTheme().theme.value).toBe('system');
  });
});
