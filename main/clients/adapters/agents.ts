import { join } from 'node:path';
import type { HostEnvironment } from '../../paths';
import type { ClientAdapter } from '../client-adapter';
import { BRACE_EXPANSION, codexDialect, openCodeDialect, standardDialect } from '../dialects';
import { jsonFormat } from '../formats/json';
import { tomlFormat } from '../formats/toml';
import { envVar, firstExisting, localAppData, xdgConfigHome } from '../path-candidates';
import { loadClaudeCodePolicy } from './claude-code-policy';
import { loadCodexPolicy } from './codex-requirements';

const JSONC = jsonFormat('JSONC');

function claudeJson(host: HostEnvironment): string {
  const dir = envVar(host, 'CLAUDE_CONFIG_DIR');
  return dir ? join(dir, '.claude.json') : join(host.home, '.claude.json');
}

/**
 * Claude Code: `~/.claude.json` holds the user scope (top-level `mcpServers`) and each project's
 * local scope (`projects["/abs"].mcpServers`); `.mcp.json` is the shared project scope.
 */
export const claudeCode: ClientAdapter = {
  id: 'claude-code',
  name: 'Claude Code',
  files: [
    {
      label: '~/.claude.json',
      scope: 'user',
      format: jsonFormat('JSON'),
      maps: [
        { path: ['mcpServers'], kind: 'object', scope: 'user' },
        { path: ['projects', '*', 'mcpServers'], kind: 'object', scope: (path) => `local: ${path[1] ?? ''}` },
      ],
      pick: 'first',
      paths: (host) => [claudeJson(host)],
    },
    {
      label: 'project .mcp.json',
      scope: 'project',
      format: jsonFormat('JSON'),
      maps: [{ path: ['mcpServers'], kind: 'object', scope: 'project' }],
      pick: 'first',
      paths: (_host, project) => (project ? [join(project, '.mcp.json')] : []),
    },
  ],
  dialect: standardDialect({
    urlKeys: { url: 'http' },
    types: { stdio: 'stdio', http: 'http', sse: 'sse' },
    stdioMarker: { type: 'stdio' },
    remoteOnlyKeys: ['oauth'],
    expansion: BRACE_EXPANSION,
  }),
  resolveConfigPath: (host) => firstExisting([claudeJson(host)]),
  loadPolicy: loadClaudeCodePolicy,
  restart: 'restart',
};

const geminiSettings = (host: HostEnvironment) => join(host.home, '.gemini', 'settings.json');

/** Gemini CLI: `httpUrl` is Streamable HTTP, `url` is SSE; `$VAR` and `${VAR}` expand. */
export const geminiCli: ClientAdapter = {
  id: 'gemini-cli',
  name: 'Gemini CLI',
  files: [
    {
      label: 'settings.json',
      scope: 'user',
      format: JSONC,
      maps: [{ path: ['mcpServers'], kind: 'object', scope: 'user' }],
      pick: 'first',
      paths: (host) => [geminiSettings(host)],
    },
    {
      label: 'project .gemini/settings.json',
      scope: 'project',
      format: JSONC,
      maps: [{ path: ['mcpServers'], kind: 'object', scope: 'project' }],
      pick: 'first',
      paths: (_host, project) => (project ? [join(project, '.gemini', 'settings.json')] : []),
    },
  ],
  dialect: standardDialect({
    urlKeys: { httpUrl: 'http', url: 'sse' },
    remoteOnlyKeys: ['authProviderType', 'oauth'],
    expansion: /\$\{?[A-Za-z_]/,
  }),
  resolveConfigPath: (host) => firstExisting([geminiSettings(host)]),
  restart: 'restart',
};

function antigravityPaths(host: HostEnvironment): string[] {
  return [
    join(host.home, '.gemini', 'config', 'mcp_config.json'),
    join(host.home, '.gemini', 'antigravity', 'mcp_config.json'),
  ];
}

/** Antigravity (the CLI that succeeds Gemini CLI for personal accounts, and the earlier IDE): `serverUrl`. */
export const antigravity: ClientAdapter = {
  id: 'antigravity',
  name: 'Antigravity',
  files: [
    {
      label: 'mcp_config.json',
      scope: 'user',
      format: JSONC,
      maps: [{ path: ['mcpServers'], kind: 'object', scope: 'user' }],
      pick: 'all',
      paths: antigravityPaths,
    },
  ],
  dialect: standardDialect({ urlKeys: { serverUrl: 'http', url: 'sse' }, expansion: /\$\{?[A-Za-z_]/ }),
  resolveConfigPath: (host) => firstExisting(antigravityPaths(host)),
  restart: 'restart',
};

function codexConfig(host: HostEnvironment): string {
  const dir = envVar(host, 'CODEX_HOME');
  return join(dir ?? join(host.home, '.codex'), 'config.toml');
}

/** Codex: `[mcp_servers.<name>]` tables, per-profile overrides, per-server and per-tool keys kept. */
export const codex: ClientAdapter = {
  id: 'codex',
  name: 'Codex',
  files: [
    {
      label: 'config.toml',
      scope: 'user',
      format: tomlFormat,
      maps: [
        { path: ['mcp_servers'], kind: 'object', scope: 'user' },
        {
          path: ['profiles', '*', 'mcp_servers'],
          kind: 'object',
          scope: (path) => `profile: ${path[1] ?? ''}`,
        },
      ],
      pick: 'first',
      paths: (host) => [codexConfig(host)],
    },
    {
      label: 'project .codex/config.toml',
      scope: 'project',
      format: tomlFormat,
      maps: [{ path: ['mcp_servers'], kind: 'object', scope: 'project' }],
      pick: 'first',
      paths: (_host, project) => (project ? [join(project, '.codex', 'config.toml')] : []),
    },
  ],
  dialect: codexDialect,
  resolveConfigPath: (host) => firstExisting([codexConfig(host)]),
  loadPolicy: loadCodexPolicy,
  restart: 'restart',
};

function openCodePaths(host: HostEnvironment): string[] {
  const dirs =
    host.platform === 'win32'
      ? [join(localAppData(host), 'opencode'), join(host.home, '.config', 'opencode')]
      : [join(xdgConfigHome(host), 'opencode')];
  return dirs.flatMap((dir) => [join(dir, 'opencode.json'), join(dir, 'opencode.jsonc')]);
}

/** OpenCode: `mcp` in opencode.json(c), `{type: "local", command: [...], environment}`. */
export const openCode: ClientAdapter = {
  id: 'opencode',
  name: 'OpenCode',
  files: [
    {
      label: 'opencode.json',
      scope: 'user',
      format: JSONC,
      maps: [{ path: ['mcp'], kind: 'object', scope: 'user' }],
      pick: 'first',
      paths: openCodePaths,
    },
    {
      label: 'project opencode.json',
      scope: 'project',
      format: JSONC,
      maps: [{ path: ['mcp'], kind: 'object', scope: 'project' }],
      pick: 'first',
      paths: (_host, project) =>
        project ? ['opencode.json', 'opencode.jsonc'].map((name) => join(project, name)) : [],
    },
  ],
  dialect: openCodeDialect,
  resolveConfigPath: (host) => firstExisting(openCodePaths(host)),
  restart: 'restart',
};
