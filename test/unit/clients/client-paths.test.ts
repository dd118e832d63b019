import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInAdapters } from '../../../main/clients/adapters';
import type { HostEnvironment } from '../../../main/paths';

const home = path.join(path.sep, 'home', 'me');
const host = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}): HostEnvironment => ({
  platform,
  env,
  home,
});
const userFiles = (id: string, h: HostEnvironment) =>
  builtInAdapters
    .find((adapter) => adapter.id === id)!
    .files.filter((file) => file.scope === 'user')
    .flatMap((file) => file.paths(h));

describe('where each client keeps its user config', () => {
  const win = host('win32', { APPDATA: path.join(home, 'Roaming'), LOCALAPPDATA: path.join(home, 'Local') });

  it('VS Code: Application Support, %APPDATA% and XDG, mcp.json before the legacy settings.json', () => {
    expect(userFiles('vscode', host('darwin'))).toEqual([
      path.join(home, 'Library', 'Application Support', 'Code', 'User', 'mcp.json'),
      path.join(home, 'Library', 'Application Support', 'Code', 'User', 'settings.json'),
    ]);
    expect(userFiles('vscode', win)[0]).toBe(path.join(home, 'Roaming', 'Code', 'User', 'mcp.json'));
    expect(userFiles('vscode', host('linux', { XDG_CONFIG_HOME: '/xdg' }))[0]).toBe(
      path.join('/xdg', 'Code', 'User', 'mcp.json'),
    );
  });

  it('Goose, OpenCode and Zed move on Windows; Codex and Claude Code follow their environment variables', () => {
    expect(userFiles('goose', win)).toEqual([
      path.join(home, 'Roaming', 'Block', 'goose', 'config', 'config.yaml'),
    ]);
    expect(userFiles('goose', host('darwin'))).toEqual([path.join(home, '.config', 'goose', 'config.yaml')]);
    expect(userFiles('opencode', win)[0]).toBe(path.join(home, 'Local', 'opencode', 'opencode.json'));
    expect(userFiles('zed', win)).toEqual([path.join(home, 'Roaming', 'Zed', 'settings.json')]);
    expect(userFiles('codex', host('linux', { CODEX_HOME: '/srv/codex' }))).toEqual([
      path.join('/srv/codex', 'config.toml'),
    ]);
    expect(userFiles('claude-code', host('linux', { CLAUDE_CONFIG_DIR: '/cfg' }))).toEqual([
      path.join('/cfg', '.claude.json'),
    ]);
    expect(userFiles('cline', host('linux'))).toContain(
      path.join(
        home,
        '.config',
        'Cursor',
        'User',
        'globalStorage',
        'saoudrizwan.claude-dev',
        'settings',
        'cline_mcp_settings.json',
      ),
    );
  });

  it('names no file outside the home folder for user configs', () => {
    for (const adapter of builtInAdapters) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const h = platform === 'win32' ? win : host(platform);
        for (const file of userFiles(adapter.id, h))
          expect(file.startsWith(home), `${adapter.id} ${platform}: ${file}`).toBe(true);
      }
    }
  });
});
