import type { Options } from 'electron-store';
import type { Settings } from '../../shared/settings';
import { settingsStoreOptions } from '../store/settings';

/**
 * conf's options, adapted for electron-store: it names the file from `name` and overwrites conf's
 * `configName` with it (default `config`), which would quietly move the app to `config.json`
 * while `portcullis serve` keeps reading `settings.json`.
 */
export function electronStoreOptions(dataDir: string): Options<Settings> {
  const { configName, projectName: _projectName, ...options } = settingsStoreOptions(dataDir);
  return { ...options, name: configName };
}
