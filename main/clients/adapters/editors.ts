import { join } from 'node:path';
import type { HostEnvironment } from '../../paths';
import type { ClientAdapter, ConfigFileSpec } from '../client-adapter';
import { BRACE_EXPANSION, standardDialect } from '../dialects';
import { jsonFormat } from '../formats/json';
import type { MapSpec } from '../formats/types';
import { appSettingsDir, firstExisting, roamingAppData, xdgConfigHome } from '../path-candidates';

const JSONC = jsonFormat('JSONC');

/** `<app settings>/<Code>/User`, the folder VS Code and its forks keep user settings in. */
function editorUserDir(host: HostEnvironment, app: string): string {
  return join(appSettingsDir(host), app, 'User');
}

function userFile(
  label: string,
  maps: MapSpec[],
  paths: ConfigFileSpec['paths'],
  pick: 'first' | 'all' = 'first',
): ConfigFileSpec {
  return { label, scope: 'user', format: JSONC, maps, pick, paths };
}

function projectFile(
  label: string,
  maps: MapSpec[],
  relative: string[],
  scope: 'project' | 'workspace' = 'project',
): ConfigFileSpec {
  return {
    label,
    scope,
    format: JSONC,
    maps: maps.map((map) => ({ ...map, scope })),
    pick: 'first',
    paths: (_host, project) => (project ? [join(project, ...relative)] : []),
  };
}

const vscodeUserMcp = (host: HostEnvironment) => join(editorUserDir(host, 'Code'), 'mcp.json');

/** VS Code: `servers` with a required `type`; `${workspaceFolder}`, `${input:…}` and `${env:…}` expand. */
export const vscode: ClientAdapter = {
  id: 'vscode',
  name: 'VS Code',
  files: [
    userFile('user mcp.json', [{ path: ['servers'], kind: 'object', scope: 'user' }], (host) => [
      vscodeUserMcp(host),
    ]),
    userFile(
      'settings.json (legacy mcp.servers)',
      [
        { path: ['mcp', 'servers'], kind: 'object', scope: 'user' },
        { path: ['mcp.servers'], kind: 'object', scope: 'user' },
      ],
      (host) => [join(editorUserDir(host, 'Code'), 'settings.json')],
    ),
    projectFile(
      'workspace .vscode/mcp.json',
      [{ path: ['servers'], kind: 'object', scope: 'workspace' }],
      ['.vscode', 'mcp.json'],
      'workspace',
    ),
  ],
  dialect: standardDialect({
    urlKeys: { url: 'http' },
    types: { stdio: 'stdio', http: 'http', sse: 'sse' },
    stdioMarker: { type: 'stdio' },
    expansion: BRACE_EXPANSION,
  }),
  resolveConfigPath: (host) => firstExisting([vscodeUserMcp(host)]),
  restart: 'automatic',
};

const windsurfPath = (host: HostEnvironment) => join(host.home, '.codeium', 'windsurf', 'mcp_config.json');

/** Windsurf: `serverUrl` for remote servers; a Cursor-style `url` does not connect. */
export const windsurf: ClientAdapter = {
  id: 'windsurf',
  name: 'Windsurf',
  files: [
    userFile('mcp_config.json', [{ path: ['mcpServers'], kind: 'object', scope: 'user' }], (host) => [
      windsurfPath(host),
    ]),
  ],
  dialect: standardDialect({
    urlKeys: { serverUrl: 'http' },
    deadUrlKeys: { url: 'Windsurf does not connect "url" entries (it reads "serverUrl")' },
    expansion: BRACE_EXPANSION,
  }),
  resolveConfigPath: (host) => firstExisting([windsurfPath(host)]),
  restart: 'reload',
};

const CLINE_SETTINGS = ['globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'];

function clinePaths(host: HostEnvironment): string[] {
  return ['Code', 'Cursor', 'Windsurf', 'VSCodium', 'Code - Insiders'].map((app) =>
    join(editorUserDir(host, app), ...CLINE_SETTINGS),
  );
}

/** Cline, in every editor it is installed in; a `url` with no `type` is SSE. */
export const cline: ClientAdapter = {
  id: 'cline',
  name: 'Cline',
  files: [
    userFile(
      'cline_mcp_settings.json',
      [{ path: ['mcpServers'], kind: 'object', scope: 'user' }],
      clinePaths,
      'all',
    ),
  ],
  dialect: standardDialect({
    urlKeys: { url: 'sse' },
    typeKeys: ['type', 'transportType'],
    types: { stdio: 'stdio', sse: 'sse', streamableHttp: 'http', http: 'http' },
    stdioMarker: { type: 'stdio' },
  }),
  resolveConfigPath: (host) => firstExisting(clinePaths(host)),
  restart: 'automatic',
};

function zedPaths(host: HostEnvironment): string[] {
  if (host.platform === 'win32') return [join(roamingAppData(host), 'Zed', 'settings.json')];
  return [
    join(xdgConfigHome(host), 'zed', 'settings.json'),
    join(host.home, '.config', 'zed', 'settings.json'),
  ];
}

/** Zed: `context_servers` in settings.json, `{command, args, env}` or the older `{command: {path, args, env}}`. */
export const zed: ClientAdapter = {
  id: 'zed',
  name: 'Zed',
  files: [
    userFile('settings.json', [{ path: ['context_servers'], kind: 'object', scope: 'user' }], zedPaths),
    projectFile(
      'project .zed/settings.json',
      [{ path: ['context_servers'], kind: 'object', scope: 'project' }],
      ['.zed', 'settings.json'],
    ),
  ],
  dialect: standardDialect({
    urlKeys: { url: 'http' },
    nestedCommand: true,
    stdioMarker: { source: 'custom' },
    remoteOnlyKeys: ['oauth', 'source'],
  }),
  resolveConfigPath: (host) => firstExisting(zedPaths(host)),
  restart: 'automatic',
};
