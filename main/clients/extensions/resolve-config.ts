import { join } from 'node:path';
import type { HostEnvironment } from '../../paths';
import type { Manifest } from './mcpb-manifest';

/** A manifest's command, arguments and environment with every variable filled in, or why not. */
export type Resolved =
  | { ok: true; command: string; args: string[]; env: Record<string, string> }
  | { ok: false; reason: string; remedy?: string };

export interface ResolveInput {
  manifest: Manifest;
  /** The unpacked extension's folder: `${__dirname}`. */
  dir: string;
  host: HostEnvironment;
  /** The values the person gave in Claude Desktop (its settings file), by key. */
  userConfig: Record<string, unknown>;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Fill in a manifest's `mcp_config` the way the MCPB spec says the host does: `${__dirname}`,
 * `${HOME}`, `${DESKTOP}`, `${DOCUMENTS}`, `${DOWNLOADS}`, `${pathSeparator}` / `${/}`, and
 * `${user_config.KEY}` (a list expands to one argument per item), after the platform's overrides.
 * A value marked sensitive is kept by Claude Desktop in the OS keychain (Anthropic's announcement;
 * a public bug report says not always): it is never read and never copied into a config file, so
 * an extension that needs one cannot be protected this way.
 */
export function resolveMcpConfig({ manifest, dir, host, userConfig }: ResolveInput): Resolved {
  const config = manifest.server.mcp_config;
  if (!config)
    return manifest.server.type === 'uv'
      ? {
          ok: false,
          reason: 'Claude Desktop sets up and runs this Python (uv) extension itself; it declares no command',
        }
      : { ok: false, reason: 'the manifest declares no command (server.mcp_config)' };
  const override = config.platform_overrides?.[host.platform] ?? {};
  const command = override.command ?? config.command;
  const args = override.args ?? config.args;
  const env = { ...config.env, ...override.env };
  const fields = manifest.user_config ?? {};
  const sep = host.platform === 'win32' ? '\\' : '/';
  const known: Record<string, string> = {
    __dirname: dir,
    HOME: host.home,
    DESKTOP: join(host.home, 'Desktop'),
    DOCUMENTS: join(host.home, 'Documents'),
    DOWNLOADS: join(host.home, 'Downloads'),
    pathSeparator: sep,
    '/': sep,
  };
  let problem: { reason: string; remedy?: string } | undefined;
  const valueOf = (name: string): string[] | undefined => {
    if (name in known) return [known[name]!];
    if (!name.startsWith('user_config.')) {
      problem ??= { reason: `the manifest uses \${${name}}, which Portcullis does not know how to fill in` };
      return undefined;
    }
    const key = name.slice('user_config.'.length);
    const field = fields[key];
    if (field?.sensitive) {
      problem ??= {
        reason: `it needs "${key}", which Claude Desktop keeps in the OS keychain; Portcullis would have to copy it into claude_desktop_config.json in plain text`,
        remedy:
          'Add the server to claude_desktop_config.json yourself (with the secret in its env), then protect that entry.',
      };
      return undefined;
    }
    const value = key in userConfig ? userConfig[key] : field?.default;
    if (value === undefined || value === null) {
      problem ??= { reason: `it needs "${key}", which has no value in Claude Desktop's settings for it` };
      return undefined;
    }
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => fill(String(item), (inner) => valueOf(inner)?.join(' ')));
  };
  const one = (text: string) => fill(text, (name) => valueOf(name)?.join(' '));
  const expanded = args.flatMap((arg) => {
    const whole = /^\$\{([^}]*)\}$/.exec(arg);
    // An argument that is only a list variable becomes one argument per item.
    return whole ? (valueOf(whole[1]!) ?? []) : [one(arg)];
  });
  const resolved = {
    ok: true as const,
    command: one(command),
    args: expanded,
    env: Object.fromEntries(Object.entries(env).map(([key, value]) => [key, one(value)])),
  };
  if (problem) return { ok: false, ...problem };
  return resolved;
}

function fill(text: string, value: (name: string) => string | undefined): string {
  return text.replace(VARIABLE, (match, name: string) => value(name) ?? match);
}
