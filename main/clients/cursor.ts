import { join } from 'node:path';
import type { ClientAdapter } from './client-adapter';
import { standardDialect } from './dialects';
import { jsonFormat } from './formats/json';
import { firstExisting } from './path-candidates';

const servers = [{ path: ['mcpServers'], kind: 'object' as const, scope: 'user' }];

/** Cursor's global config; on Windows `host.home` is %USERPROFILE%, so one path serves every OS. */
export const cursor: ClientAdapter = {
  id: 'cursor',
  name: 'Cursor',
  files: [
    {
      label: 'global mcp.json',
      scope: 'user',
      format: jsonFormat('JSONC'),
      maps: servers,
      pick: 'first',
      paths: (host) => [join(host.home, '.cursor', 'mcp.json')],
    },
    {
      label: 'project .cursor/mcp.json',
      scope: 'project',
      format: jsonFormat('JSONC'),
      maps: [{ ...servers[0]!, scope: 'project' }],
      pick: 'first',
      paths: (_host, project) => (project ? [join(project, '.cursor', 'mcp.json')] : []),
    },
  ],
  // `url` entries are Streamable HTTP with an SSE fallback; `type: "sse"` pins SSE.
  dialect: standardDialect({ urlKeys: { url: 'http' } }),
  resolveConfigPath: (host) => firstExisting([join(host.home, '.cursor', 'mcp.json')]),
  restart: 'reload',
};
