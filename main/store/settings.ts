import { join } from 'node:path';
import Conf, { type Options } from 'conf';
import { z } from 'zod';
import { defaultSettings, settingsSchema, type Settings } from '../../shared/settings';

export interface SettingsStore {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
  /** Set when the file could not be used and the defaults are in effect (the file is left as is). */
  problem?: string;
}

/**
 * The options for conf and electron-store alike, so both runtimes read and validate one file the
 * same way (`<dataDir>/settings.json`).
 */
export function settingsStoreOptions(dataDir: string): Options<Settings> {
  const jsonSchema = z.toJSONSchema(settingsSchema, { io: 'input' }) as unknown as {
    properties: NonNullable<Options<Settings>['schema']>;
  };
  return {
    cwd: dataDir,
    configName: 'settings',
    projectName: 'portcullis',
    schema: jsonSchema.properties,
    defaults: defaultSettings,
    clearInvalidConfig: false,
    // Readable by this user only, like everything in the data folder.
    configFileMode: 0o600,
  };
}

/** How long settings read from the file are used before it is read again. */
const SETTINGS_FRESH_MS = 1000;

/** Wraps a conf-like store; an unreadable settings file falls back to the defaults without being overwritten. */
export function createSettingsStore(
  open: () => { store: Settings; set(patch: Partial<Settings>): void },
): SettingsStore {
  try {
    const conf = open();
    // Reading the file and validating it costs tens of microseconds, and the gateway reads a setting
    // on every call: what was read is kept for a moment. Another process's change shows within it.
    let cached: { settings: Settings; at: number } | undefined;
    return {
      get() {
        const at = performance.now();
        if (!cached || at - cached.at > SETTINGS_FRESH_MS)
          cached = { settings: settingsSchema.parse(conf.store), at };
        return cached.settings;
      },
      set(patch) {
        const next = settingsSchema.parse({ ...conf.store, ...patch });
        conf.set(next);
        cached = { settings: next, at: performance.now() };
        return next;
      },
    };
  } catch (error) {
    let current = defaultSettings;
    return {
      problem: `Settings could not be read (${error instanceof Error ? error.message : String(error)}); using defaults.`,
      get: () => current,
      set(patch) {
        current = settingsSchema.parse({ ...current, ...patch });
        return current;
      },
    };
  }
}

export function openSettings(dataDir: string): SettingsStore {
  return createSettingsStore(() => new Conf<Settings>(settingsStoreOptions(dataDir)));
}

export function settingsFile(dataDir: string): string {
  return join(dataDir, 'settings.json');
}
