import { ref, watch, type Ref } from 'vue';

export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'berth.theme';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

// One choice for the whole page: every caller sees and changes the same value.
let shared: Ref<ThemeChoice> | undefined;

/**
 * The colour theme: the system's preference unless the person picked one. The choice is
 * kept in localStorage and written to `data-theme` on <html>, which the CSS variables in
 * styles/base.css follow; "system" removes the attribute so the media query decides.
 */
export function useTheme() {
  if (!shared) {
    const theme = ref<ThemeChoice>(readChoice());
    watch(theme, apply, { immediate: true });
    shared = theme;
  }
  const theme = shared;

  function cycle(): void {
    theme.value = CHOICES[(CHOICES.indexOf(theme.value) + 1) % CHOICES.length]!;
  }

  return { theme, cycle };
}

function readChoice(): ThemeChoice {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  return CHOICES.includes(stored as ThemeChoice) ? (stored as ThemeChoice) : 'system';
}

function apply(choice: ThemeChoice): void {
  if (choice === 'system') {
    document.documentElement.removeAttribute('data-theme');
    safeStorage()?.removeItem(STORAGE_KEY);
  } else {
    document.documentElement.setAttribute('data-theme', choice);
    safeStorage()?.setItem(STORAGE_KEY, choice);
  }
}

/** Storage can be off (privacy modes); the toggle then works for this visit only. */
function safeStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** Forgets the shared choice; specs start from a clean page. */
export function resetThemeForTests(): void {
  shared = undefined;
}
