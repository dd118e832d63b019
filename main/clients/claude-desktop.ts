import { readdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { HostEnvironment } from '../paths';
import type { ClientAdapter } from './client-adapter';
import { standardDialect } from './dialects';
import { jsonFormat } from './formats/json';
import { envVar, firstExisting } from './path-candidates';

const FILE = 'claude_desktop_config.json';

export const claudeDesktop: ClientAdapter = {
  id: 'claude-desktop',
  name: 'Claude Desktop',
  files: [
    {
      label: 'config',
      scope: 'user',
      format: jsonFormat('JSON'),
      maps: [{ path: ['mcpServers'], kind: 'object', scope: 'user' }],
      pick: 'first',
      paths: (host) => claudeDesktopCandidates(host),
    },
  ],
  // Claude Desktop only runs stdio entries from its config file; remote servers are Connectors.
  dialect: standardDialect({ urlKeys: { url: 'http' }, runsRemote: false }),
  resolveConfigPath: (host) => firstExisting(claudeDesktopCandidates(host)),
  restart: 'restart',
  // Extensions live beside the config file, in the app's own data folder.
  extensions: { folder: (configPath) => dirname(configPath) },
};

/** Every place Claude Desktop may keep its config on this OS, the preferred one first. */
function claudeDesktopCandidates(host: HostEnvironment): string[] {
  switch (host.platform) {
    case 'darwin':
      return [join(host.home, 'Library', 'Application Support', 'Claude', FILE)];
    case 'win32':
      return windowsCandidates(host);
    default:
      return linuxCandidates(host);
  }
}

function windowsCandidates(host: HostEnvironment): string[] {
  const appData = envVar(host, 'APPDATA') ?? join(host.home, 'AppData', 'Roaming');
  const localAppData = envVar(host, 'LOCALAPPDATA') ?? join(host.home, 'AppData', 'Local');
  const packages = join(localAppData, 'Packages');
  // MSIX installs virtualise %APPDATA% into the package's LocalCache; listing the package first
  // means an installed MSIX app wins, and also names where it will create the file.
  const msix = msixPackageNames(packages).map((name) =>
    join(packages, name, 'LocalCache', 'Roaming', 'Claude', FILE),
  );
  return [...msix, join(appData, 'Claude', FILE)];
}

/** `Claude_<publisher hash>` folders; the hash is the publisher's, so match it with a glob. */
function msixPackageNames(packagesDir: string): string[] {
  try {
    return readdirSync(packagesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.startsWith('Claude_'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function linuxCandidates(host: HostEnvironment): string[] {
  const fallback = join(host.home, '.config');
  const xdg = envVar(host, 'XDG_CONFIG_HOME');
  // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
  const configHome = xdg && isAbsolute(xdg) ? xdg : fallback;
  // There is no official Linux build: community builds and other tools disagree on the case.
  return [
    join(configHome, 'Claude', FILE),
    join(configHome, 'claude', FILE),
    join(fallback, 'Claude', FILE),
    join(fallback, 'claude', FILE),
  ];
}
