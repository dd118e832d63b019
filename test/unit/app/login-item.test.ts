import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  electronLoginItem,
  quoteExecArgument,
  xdgAutostartItem,
  type LoginItemApp,
} from '../../../main/app/login-item';

/** Electron's login item store, as Windows keeps it: by path and exact args. */
function fakeApp() {
  const items = new Map<string, boolean>();
  const key = (path?: string, args?: string[]) => JSON.stringify([path, args]);
  const app: LoginItemApp = {
    getLoginItemSettings: (options) => ({
      openAtLogin: items.get(key(options?.path, options?.args)) ?? false,
    }),
    setLoginItemSettings: (settings) =>
      void items.set(key(settings.path, settings.args), settings.openAtLogin ?? false),
  };
  return { app, items };
}

describe('electronLoginItem', () => {
  it('toggles, and reads back with the same path and args it set', () => {
    const { app, items } = fakeApp();
    const item = electronLoginItem(app, 'C:\\Portcullis\\Portcullis.exe', ['--background']);
    expect(item.enabled()).toBe(false);
    item.set(true);
    expect(item.enabled()).toBe(true);
    expect([...items.keys()]).toEqual([JSON.stringify(['C:\\Portcullis\\Portcullis.exe', ['--background']])]);
    item.set(false);
    expect(item.enabled()).toBe(false);
  });

  it('quotes an argument with spaces, which Windows would otherwise split', () => {
    const { app, items } = fakeApp();
    electronLoginItem(app, 'electron.exe', ['C:\\My Projects\\portcullis', '--background']).set(true);
    expect([...items.keys()][0]).toContain('\\"C:\\\\My Projects\\\\portcullis\\"');
  });
});

describe('xdgAutostartItem', () => {
  let home: string | undefined;
  afterEach(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('writes an autostart entry that starts the app in the background, and removes it', () => {
    home = mkdtempSync(join(tmpdir(), 'portcullis-autostart-'));
    const item = xdgAutostartItem({
      configHome: home,
      command: '/home/me/Apps/Portcullis.AppImage',
      args: ['--background'],
    });
    expect(item.enabled()).toBe(false);
    item.set(true);
    const file = join(home, 'autostart', 'dev.portcullis.app.desktop');
    const entry = readFileSync(file, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Portcullis\n');
    expect(entry).toContain('\nExec="/home/me/Apps/Portcullis.AppImage" "--background"\n');
    expect(item.enabled()).toBe(true);
    item.set(false);
    expect(item.enabled()).toBe(false);
    item.set(false); // already off: no error
  });

  it('an entry for another install does not count as on', () => {
    home = mkdtempSync(join(tmpdir(), 'portcullis-autostart-'));
    xdgAutostartItem({ configHome: home, command: '/old/Portcullis.AppImage', args: [] }).set(true);
    const current = xdgAutostartItem({ configHome: home, command: '/new/Portcullis.AppImage', args: [] });
    expect(current.enabled()).toBe(false);
    current.set(true);
    expect(current.enabled()).toBe(true);
    writeFileSync(join(home, 'autostart', 'dev.portcullis.app.desktop'), 'garbage');
    expect(current.enabled()).toBe(false);
  });

  it('quotes Exec arguments as the desktop entry spec says', () => {
    expect(quoteExecArgument('/opt/Portcullis/portcullis')).toBe('"/opt/Portcullis/portcullis"');
    expect(quoteExecArgument('/home/me/My Apps/P.AppImage')).toBe('"/home/me/My Apps/P.AppImage"');
    expect(quoteExecArgument('a"b$c`d')).toBe('"a\\\\"b\\\\$c\\\\`d"');
    expect(quoteExecArgument('back\\slash')).toBe('"back\\\\\\\\slash"');
    expect(quoteExecArgument('100%')).toBe('"100%%"');
  });
});
