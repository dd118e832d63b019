import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostEnvironment } from '../../paths';
import type { ClientAdapter } from '../client-adapter';
import { continueDialect, gooseDialect, standardDialect } from '../dialects';
import { jsonFormat } from '../formats/json';
import { yamlFormat } from '../formats/yaml';
import { firstExisting, roamingAppData } from '../path-candidates';

const lmStudioPath = (host: HostEnvironment) => join(host.home, '.lmstudio', 'mcp.json');

/** LM Studio: `~/.lmstudio/mcp.json`, in Cursor's notation. */
export const lmStudio: ClientAdapter = {
  id: 'lm-studio',
  name: 'LM Studio',
  files: [
    {
      label: 'mcp.json',
      scope: 'user',
      format: jsonFormat('JSON'),
      maps: [{ path: ['mcpServers'], kind: 'object', scope: 'user' }],
      pick: 'first',
      paths: (host) => [lmStudioPath(host)],
    },
  ],
  dialect: standardDialect({ urlKeys: { url: 'http' } }),
  resolveConfigPath: (host) => firstExisting([lmStudioPath(host)]),
  restart: 'automatic',
};

const continuePath = (host: HostEnvironment) => join(host.home, '.continue', 'config.yaml');

/** The YAML blocks a workspace keeps in `.continue/mcpServers/`. */
function continueBlocks(project: string): string[] {
  const dir = join(project, '.continue', 'mcpServers');
  try {
    return readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}

/** Continue: `mcpServers` is a YAML list of `{name, command, args, env}` / `{name, type, url}`. */
export const continueDev: ClientAdapter = {
  id: 'continue',
  name: 'Continue',
  files: [
    {
      label: 'config.yaml',
      scope: 'user',
      format: yamlFormat,
      maps: [{ path: ['mcpServers'], kind: 'list', scope: 'user' }],
      pick: 'first',
      paths: (host) => [continuePath(host)],
    },
    {
      label: 'workspace .continue/mcpServers/*.yaml',
      scope: 'workspace',
      format: yamlFormat,
      maps: [{ path: ['mcpServers'], kind: 'list', scope: 'workspace' }],
      pick: 'all',
      paths: (_host, project) => (project ? continueBlocks(project) : []),
    },
  ],
  dialect: continueDialect,
  resolveConfigPath: (host) => firstExisting([continuePath(host)]),
  restart: 'reload',
};

function goosePath(host: HostEnvironment): string {
  if (host.platform === 'win32') return join(roamingAppData(host), 'Block', 'goose', 'config', 'config.yaml');
  return join(host.home, '.config', 'goose', 'config.yaml');
}

/** Goose: the `extensions` map, `{type: stdio, cmd, args, envs}` and remote `uri` entries. */
export const goose: ClientAdapter = {
  id: 'goose',
  name: 'Goose',
  files: [
    {
      label: 'config.yaml',
      scope: 'user',
      format: yamlFormat,
      maps: [{ path: ['extensions'], kind: 'object', scope: 'user' }],
      pick: 'first',
      paths: (host) => [goosePath(host)],
    },
  ],
  dialect: gooseDialect,
  resolveConfigPath: (host) => firstExisting([goosePath(host)]),
  restart: 'restart',
};
