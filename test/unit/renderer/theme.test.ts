import { describe, expect, it } from 'vitest';
import { applyTheme, readTheme, saveTheme, type ThemeStorage } from '../../../renderer/src/app/theme';

function memoryStorage(
  initial: Record<string, string> = {},
): ThemeStorage & { items: Record<string, string> } {
  const items = { ...initial };
  return {
    items,
    getItem: (key) => items[key] ?? null,
    setItem: (key, value) => {
      items[key] = value;
    },
  };
}

const refusing: ThemeStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('theme choice', () => {
  it('follows the system until the person chooses, and remembers the choice', () => {
    const storage = memoryStorage();
    expect(readTheme(storage)).toBe('system');
    saveTheme(storage, 'dark');
    expect(readTheme(storage)).toBe('dark');
    saveTheme(storage, 'system');
    expect(readTheme(storage)).toBe('system');
  });

  it('ignores a stored value it does not know, and storage that is missing or refuses', () => {
    expect(readTheme(memoryStorage({ 'portcullis.theme': 'solarized' }))).toBe('system');
    expect(readTheme(undefined)).toBe('system');
    expect(readTheme(refusing)).toBe('system');
    expect(() => saveTheme(refusing, 'light')).not.toThrow();
  });

  it('sets data-theme for light and dark, and removes it to follow the system', () => {
    const root = { dataset: {} as Record<string, string | undefined> } as unknown as HTMLElement;
    applyTheme(root, 'dark');
    expect(root.dataset.theme).toBe('dark');
    applyTheme(root, 'light');
    expect(root.dataset.theme).toBe('light');
    applyTheme(root, 'system');
    expect(root.dataset.theme).toBeUndefined();
  });
});
