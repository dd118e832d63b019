import { join } from 'node:path';
import type { ClientAdapter } from './client-adapter';
import { firstExisting } from './path-candidates';

/** Cursor's global config; on Windows `host.home` is %USERPROFILE%, so one path serves every OS. */
export const cursor: ClientAdapter = {
  id: 'cursor',
  name: 'Cursor',
  runsRemoteEntries: true,
  resolveConfigPath: (host) => firstExisting([join(host.home, '.cursor', 'mcp.json')]),
};
