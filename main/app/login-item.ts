import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Settings as LoginItemSettings } from 'electron';

/** "Start at login": on, off, and whether it is on now. */
export interface LoginItem {
  enabled(): boolean;
  set(enabled: boolean): void;
}

/** The parts of Electron's `app` that login items use (macOS and Windows only). */
export interface LoginItemApp {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: LoginItemSettings): void;
}

/**
 * macOS and Windows: Electron's login item. Windows starts `command args` (so `--background` keeps
 * the dashboard closed) and only reports the item as set when asked with the same path and args.
 * macOS ignores both; the app tells a login launch by `wasOpenedAtLogin` instead (see launch.ts).
 */
export function electronLoginItem(app: LoginItemApp, command: string, args: readonly string[]): LoginItem {
  // Windows joins them into one command line as they are: a path with spaces needs its quotes.
  args = args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg));
  return {
    enabled: () => app.getLoginItemSettings({ path: command, args: [...args] }).openAtLogin,
    set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, path: command, args: [...args] }),
  };
}

/** Linux, where Electron has no login items: an XDG autostart entry, which desktops run at login. */
export function xdgAutostartItem(options: {
  configHome: string;
  command: string;
  args: string[];
}): LoginItem {
  const file = join(options.configHome, 'autostart', 'dev.portcullis.app.desktop');
  const exec = [options.command, ...options.args].map(quoteExecArgument).join(' ');
  return {
    enabled() {
      try {
        return readFileSync(file, 'utf8').includes(`\nExec=${exec}\n`);
      } catch {
        return false;
      }
    },
    set(enabled) {
      if (!enabled) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(
        file,
        [
          '[Desktop Entry]',
          'Type=Application',
          'Name=Portcullis',
          'Comment=Local policy gateway for MCP servers',
          `Exec=${exec}`,
          'Terminal=false',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
      );
    },
  };
}

/**
 * One argument of a desktop entry's Exec key: quoted, with the quoting rule's escapes and then the
 * string type's (so a literal backslash becomes four), and `%` doubled so it is not a field code.
 */
export function quoteExecArgument(argument: string): string {
  const quoted = `"${argument.replace(/["`$\\]/g, '\\$&')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}
