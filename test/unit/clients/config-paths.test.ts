import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeDesktop } from '../../../main/clients/claude-desktop';
import { cursor } from '../../../main/clients/cursor';
import type { HostEnvironment } from '../../../main/paths';

const FILE = 'claude_desktop_config.json';
let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-paths-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function host(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): HostEnvironment {
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { recursive: true });
  return { platform, env, home };
}

function touch(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{}');
  return file;
}

describe('claude-desktop config path', () => {
  it('on macOS is under Library/Application Support', () => {
    const mac = host('darwin');
    const expected = path.join(mac.home, 'Library', 'Application Support', 'Claude', FILE);
    expect(claudeDesktop.resolveConfigPath(mac)).toEqual({ path: expected, exists: false });
    touch(expected);
    expect(claudeDesktop.resolveConfigPath(mac)).toEqual({ path: expected, exists: true });
  });

  describe('on Windows', () => {
    function windows(): { host: HostEnvironment; roaming: string; packages: string } {
      const appData = path.join(root, 'home', 'AppData');
      const env = { APPDATA: path.join(appData, 'Roaming'), LOCALAPPDATA: path.join(appData, 'Local') };
      return {
        host: host('win32', env),
        roaming: path.join(env.APPDATA, 'Claude', FILE),
        packages: path.join(env.LOCALAPPDATA, 'Packages'),
      };
    }
    const msixConfig = (packages: string, name: string) =>
      path.join(packages, name, 'LocalCache', 'Roaming', 'Claude', FILE);

    it('uses %APPDATA% when there is no MSIX install', () => {
      const { host: win, roaming } = windows();
      expect(claudeDesktop.resolveConfigPath(win)).toEqual({ path: roaming, exists: false });
      touch(roaming);
      expect(claudeDesktop.resolveConfigPath(win)).toEqual({ path: roaming, exists: true });
    });

    it('prefers the MSIX package config (matched with Claude_*) when it exists', () => {
      const { host: win, roaming, packages } = windows();
      touch(roaming);
      fs.mkdirSync(path.join(packages, 'SomethingElse_123'), { recursive: true });
      const msix = touch(msixConfig(packages, 'Claude_pzs8sxrjxfjjc'));
      expect(claudeDesktop.resolveConfigPath(win)).toEqual({ path: msix, exists: true });
    });

    it('keeps a pre-existing %APPDATA% file over an MSIX package that has no config yet', () => {
      const { host: win, roaming, packages } = windows();
      fs.mkdirSync(path.join(packages, 'Claude_pzs8sxrjxfjjc'), { recursive: true });
      expect(claudeDesktop.resolveConfigPath(win)).toEqual({
        path: msixConfig(packages, 'Claude_pzs8sxrjxfjjc'),
        exists: false,
      });
      touch(roaming);
      expect(claudeDesktop.resolveConfigPath(win)).toEqual({ path: roaming, exists: true });
    });

    it('reads APPDATA whatever its case, and falls back to the home folder without it', () => {
      const win = host('win32', { AppData: path.join(root, 'elsewhere') });
      expect(claudeDesktop.resolveConfigPath(win).path).toBe(path.join(root, 'elsewhere', 'Claude', FILE));
      const bare = host('win32');
      expect(claudeDesktop.resolveConfigPath(bare).path).toBe(
        path.join(bare.home, 'AppData', 'Roaming', 'Claude', FILE),
      );
    });
  });

  describe('on Linux', () => {
    it('uses ~/.config/Claude first, and ~/.config/claude when only that exists', () => {
      const linux = host('linux');
      const upper = path.join(linux.home, '.config', 'Claude', FILE);
      expect(claudeDesktop.resolveConfigPath(linux)).toEqual({ path: upper, exists: false });
      const lower = touch(path.join(linux.home, '.config', 'claude', FILE));
      // On a case-insensitive file system both names are the same file.
      expect(claudeDesktop.resolveConfigPath(linux).path).toBe(fs.existsSync(upper) ? upper : lower);
    });

    it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
      const xdg = path.join(root, 'xdg');
      const linux = host('linux', { XDG_CONFIG_HOME: xdg });
      expect(claudeDesktop.resolveConfigPath(linux)).toEqual({
        path: path.join(xdg, 'Claude', FILE),
        exists: false,
      });
      const legacy = touch(path.join(linux.home, '.config', 'Claude', FILE));
      expect(claudeDesktop.resolveConfigPath(linux)).toEqual({ path: legacy, exists: true });
      const inXdg = touch(path.join(xdg, 'Claude', FILE));
      expect(claudeDesktop.resolveConfigPath(linux)).toEqual({ path: inXdg, exists: true });

      const relative = host('linux', { XDG_CONFIG_HOME: 'relative/dir' });
      expect(claudeDesktop.resolveConfigPath(relative).path).toBe(legacy);
    });
  });
});

describe('cursor config path', () => {
  it('is ~/.cursor/mcp.json on every OS', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const h = host(platform, { APPDATA: path.join(root, 'appdata') });
      expect(cursor.resolveConfigPath(h)).toEqual({
        path: path.join(h.home, '.cursor', 'mcp.json'),
        exists: false,
      });
    }
  });
});
