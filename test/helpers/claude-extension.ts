import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { everythingServer } from './paths';
import type { World } from './world';

export interface InstalledExtension {
  id: string;
  dir: string;
  settingsPath: string;
}

/**
 * A Claude Desktop extension installed the way public reports say the app keeps one: the unpacked
 * bundle in `Claude Extensions/<id>/`, its settings in `Claude Extensions Settings/<id>.json`. Its
 * server is the registry's server-everything, started from inside the bundle.
 */
export function installEverythingExtension(
  world: World,
  id = 'local.mcpb.example.everything',
): InstalledExtension {
  const claudeDir = dirname(world.claudeConfigPath);
  const dir = join(claudeDir, 'Claude Extensions', id);
  mkdirSync(join(dir, 'server'), { recursive: true });
  writeFileSync(join(dir, 'server', 'index.mjs'), `await import(${JSON.stringify(everythingServer)});\n`);
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: '0.3',
      name: 'everything',
      display_name: 'Everything (extension)',
      version: '1.0.0',
      author: { name: 'Example' },
      server: {
        type: 'node',
        entry_point: 'server/index.mjs',
        mcp_config: {
          command: 'node',
          args: ['${__dirname}/server/index.mjs'],
          env: { MODE: '${user_config.mode}' },
        },
      },
      user_config: { mode: { type: 'string', default: 'full' } },
    }),
  );
  writeFileSync(
    join(claudeDir, 'extensions-installations.json'),
    JSON.stringify({
      extensions: { [id]: { id, version: '1.0.0', source: 'local', signatureInfo: { status: 'unsigned' } } },
    }),
  );
  const settingsPath = join(claudeDir, 'Claude Extensions Settings', `${id}.json`);
  mkdirSync(dirname(settingsPath), { recursive: true });
  writeFileSync(settingsPath, '{"isEnabled":true,"userConfig":{}}');
  return { id, dir, settingsPath };
}
