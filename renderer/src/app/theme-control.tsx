import { useState } from 'react';
import { applyTheme, browserStorage, readTheme, saveTheme, themeChoices, type ThemeChoice } from './theme';

const labels: Record<ThemeChoice, string> = {
  system: 'Like the system',
  light: 'Light',
  dark: 'Dark',
};

/** Light, dark, or following the OS; remembered in this browser. */
export function ThemeControl() {
  const [choice, setChoice] = useState<ThemeChoice>(() => readTheme(browserStorage()));
  const choose = (next: ThemeChoice) => {
    setChoice(next);
    saveTheme(browserStorage(), next);
    applyTheme(document.documentElement, next);
  };
  return (
    <label className="theme-control">
      <span className="theme-control-label">Theme</span>
      <select
        value={choice}
        data-testid="theme-choice"
        onChange={(event) => choose(themeChoices.find((c) => c === event.target.value) ?? 'system')}
      >
        {themeChoices.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
