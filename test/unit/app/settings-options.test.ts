import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronStoreOptions } from '../../../main/app/settings-options';
import { settingsFile, settingsStoreOptions } from '../../../main/store/settings';

describe('electronStoreOptions', () => {
  it('points electron-store at the same settings.json that conf and `portcullis serve` use', () => {
    const options = electronStoreOptions('/data/Portcullis');
    // electron-store writes `<cwd>/<name>.json` and ignores a configName of its own.
    expect(join(options.cwd!, `${options.name}.json`)).toBe(settingsFile('/data/Portcullis'));
    expect(options).not.toHaveProperty('configName');
  });

  it('keeps the schema, defaults and the leave-a-bad-file-alone rule', () => {
    const conf = settingsStoreOptions('/d');
    const options = electronStoreOptions('/d');
    expect(options.schema).toEqual(conf.schema);
    expect(options.defaults).toEqual(conf.defaults);
    expect(options.clearInvalidConfig).toBe(false);
  });
});
