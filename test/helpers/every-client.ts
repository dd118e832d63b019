import { parse as parseJsonc } from 'jsonc-parser';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigEntry } from './world';

/**
 * One config file per client, as each client itself would have it on Linux, each holding the
 * same stdio server in that client's own spelling. `command`/`args` are what to run.
 */
export interface ClientConfig {
  client: string;
  path: string;
  text: string;
  /** Read the rewritten entry back the way the client would, into command, args and env. */
  read(text: string): ConfigEntry & { cwd?: string };
}

const json = (text: string) => parseJsonc(text) as Record<string, unknown>;
const at = (value: unknown, ...keys: string[]): Record<string, unknown> => {
  let node = value;
  for (const key of keys) node = (node as Record<string, unknown>)[key];
  return node as Record<string, unknown>;
};
const standard = (entry: Record<string, unknown>): ConfigEntry => ({
  command: entry.command as string,
  args: entry.args as string[],
  env: entry.env as Record<string, string> | undefined,
});

export function everyClientConfig(
  home: string,
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): ClientConfig[] {
  const cfg = join(home, '.config');
  const stdio = { command, args, env };
  const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return [
    {
      client: 'claude-desktop',
      path: join(cfg, 'Claude', 'claude_desktop_config.json'),
      text: pretty({ globalShortcut: 'Ctrl+Space', mcpServers: { [name]: stdio } }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'cursor',
      path: join(home, '.cursor', 'mcp.json'),
      text: `// Cursor\n${pretty({ mcpServers: { [name]: stdio } })}`,
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'vscode',
      path: join(cfg, 'Code', 'User', 'mcp.json'),
      text: pretty({ inputs: [], servers: { [name]: { type: 'stdio', ...stdio } } }),
      read: (text) => standard(at(json(text), 'servers', name)),
    },
    {
      client: 'windsurf',
      path: join(home, '.codeium', 'windsurf', 'mcp_config.json'),
      text: pretty({ mcpServers: { [name]: stdio } }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'claude-code',
      path: join(home, '.claude.json'),
      text: pretty({
        numStartups: 4,
        projects: { '/home/me/repo': { allowedTools: [] } },
        mcpServers: { [name]: { type: 'stdio', ...stdio } },
      }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'cline',
      path: join(
        cfg,
        'Code',
        'User',
        'globalStorage',
        'saoudrizwan.claude-dev',
        'settings',
        'cline_mcp_settings.json',
      ),
      text: pretty({ mcpServers: { [name]: { ...stdio, disabled: false, autoApprove: [] } } }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'zed',
      path: join(cfg, 'zed', 'settings.json'),
      text: `// Zed settings\n${pretty({ theme: 'One Dark', context_servers: { [name]: { command: { path: command, args, env } } } })}`,
      read: (text) => {
        const nested = at(json(text), 'context_servers', name, 'command');
        return {
          command: nested.path as string,
          args: nested.args as string[],
          env: nested.env as Record<string, string>,
        };
      },
    },
    {
      client: 'gemini-cli',
      path: join(home, '.gemini', 'settings.json'),
      text: pretty({ theme: 'Default', mcpServers: { [name]: { ...stdio, trust: false } } }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'antigravity',
      path: join(home, '.gemini', 'config', 'mcp_config.json'),
      text: pretty({ mcpServers: { [name]: stdio } }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'codex',
      path: join(home, '.codex', 'config.toml'),
      text: `# Codex\nmodel = "o3"\n\n[mcp_servers.${name}]\ncommand = ${JSON.stringify(command)}\nargs = ${JSON.stringify(args)}\ntool_timeout_sec = 60\n\n[mcp_servers.${name}.env]\n${Object.entries(
        env,
      )
        .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
        .join('\n')}\n\n[mcp_servers.${name}.tools.echo]\napproval_mode = "approve"\n`,
      read: (text) => standard(at(getStaticTOMLValue(parseTOML(text)), 'mcp_servers', name)),
    },
    {
      client: 'lm-studio',
      path: join(home, '.lmstudio', 'mcp.json'),
      text: pretty({ mcpServers: { [name]: stdio } }),
      read: (text) => standard(at(json(text), 'mcpServers', name)),
    },
    {
      client: 'continue',
      path: join(home, '.continue', 'config.yaml'),
      text: `name: Local assistant\nversion: 1.0.0\nschema: v1\nmcpServers:\n  # the test server\n  - name: ${name}\n    command: ${JSON.stringify(command)}\n    args:\n${args.map((a) => `      - ${JSON.stringify(a)}`).join('\n')}\n    env:\n${Object.entries(
        env,
      )
        .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)
        .join('\n')}\n`,
      read: (text) => {
        const item = (parseYaml(text) as { mcpServers: Record<string, unknown>[] }).mcpServers.find(
          (s) => s.name === name,
        )!;
        return standard(item);
      },
    },
    {
      client: 'goose',
      path: join(cfg, 'goose', 'config.yaml'),
      text: `GOOSE_PROVIDER: openai\nextensions:\n  ${name}:\n    enabled: true\n    type: stdio\n    name: ${name}\n    cmd: ${JSON.stringify(command)}\n    args: ${JSON.stringify(args)}\n    envs: ${JSON.stringify(env)}\n    timeout: 300\n`,
      read: (text) => {
        const entry = at(parseYaml(text), 'extensions', name);
        return {
          command: entry.cmd as string,
          args: entry.args as string[],
          env: entry.envs as Record<string, string>,
        };
      },
    },
    {
      client: 'opencode',
      path: join(cfg, 'opencode', 'opencode.json'),
      text: `{\n  "$schema": "https://opencode.ai/config.json",\n  "mcp": {\n    ${JSON.stringify(name)}: { "type": "local", "command": ${JSON.stringify([command, ...args])}, "environment": ${JSON.stringify(env)} },\n  },\n}\n`,
      read: (text) => {
        const entry = at(json(text), 'mcp', name);
        const [program, ...rest] = entry.command as string[];
        return { command: program!, args: rest, env: entry.environment as Record<string, string> };
      },
    },
  ];
}

export function readBack(config: ClientConfig): ConfigEntry {
  return config.read(readFileSync(config.path, 'utf8'));
}
