/**
 * The dashboard's theme: follow the operating system (the default), or always light or dark. The
 * choice is kept in this browser's storage (the desktop app's windows share one), so it is there
 * on the next visit without asking the gateway.
 */
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

const STORAGE_KEY = 'portcullis.theme';

/** The parts of `localStorage` this needs; storage can be missing or refuse (a locked-down browser). */
export interface ThemeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function readTheme(storage: ThemeStorage | undefined): ThemeChoice {
  try {
    const saved = storage?.getItem(STORAGE_KEY);
    return themeChoices.find((choice) => choice === saved) ?? 'system';
  } catch {
    return 'system';
  }
}

export function saveTheme(storage: ThemeStorage | undefined, choice: ThemeChoice): void {
  try {
    storage?.setItem(STORAGE_KEY, choice);
  } catch {
    // Not remembered, but still applied for this visit.
  }
}

/** `data-theme` on the root element picks the colours (app.css); without it the OS decides. */
export function applyTheme(root: HTMLElement, choice: ThemeChoice): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** The browser's storage, when the page may use it. */
export function browserStorage(): ThemeStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
