import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { HostEnvironment } from '../paths';
import type { ResolvedConfigPath } from './client-adapter';

/** The first candidate that exists, else the first candidate (where the client would create it). */
export function firstExisting(candidates: string[]): ResolvedConfigPath {
  const unique = [...new Set(candidates)];
  const found = unique.find((candidate) => existsSync(candidate));
  if (found !== undefined) return { path: found, exists: true };
  const first = unique[0];
  if (first === undefined) throw new Error('No config file candidates for this client.');
  return { path: first, exists: false };
}

/**
 * An environment variable, ignoring case as Windows does: `host.env` may be a plain copy of the
 * environment rather than Node's case-insensitive `process.env`.
 */
export function envVar(host: HostEnvironment, name: string): string | undefined {
  const exact = host.env[name];
  if (exact) return exact;
  if (host.platform !== 'win32') return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(host.env)) {
    if (key.toLowerCase() === lower && value) return value;
  }
  return undefined;
}

/** `%APPDATA%`, falling back to its usual place under the home folder. */
export function roamingAppData(host: HostEnvironment): string {
  return envVar(host, 'APPDATA') ?? join(host.home, 'AppData', 'Roaming');
}

export function localAppData(host: HostEnvironment): string {
  return envVar(host, 'LOCALAPPDATA') ?? join(host.home, 'AppData', 'Local');
}

/** `$XDG_CONFIG_HOME` when it is absolute (the spec says to ignore a relative one), else `~/.config`. */
export function xdgConfigHome(host: HostEnvironment): string {
  const xdg = envVar(host, 'XDG_CONFIG_HOME');
  return xdg && isAbsolute(xdg) ? xdg : join(host.home, '.config');
}

/** Where desktop apps keep per-user settings: Application Support, %APPDATA%, XDG config. */
export function appSettingsDir(host: HostEnvironment): string {
  switch (host.platform) {
    case 'darwin':
      return join(host.home, 'Library', 'Application Support');
    case 'win32':
      return roamingAppData(host);
    default:
      return xdgConfigHome(host);
  }
}
