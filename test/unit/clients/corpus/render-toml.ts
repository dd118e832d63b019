import type { Random } from './random';
import type { ModelServer } from './servers';

function str(value: string, random: Random): string {
  if (!/['\n\r]/.test(value) && random.chance(0.3)) return `'${value}'`;
  return JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name);
}

function inline(values: Record<string, string>, random: Random): string {
  return `{ ${Object.entries(values)
    .map(([k, v]) => `${key(k)} = ${str(v, random)}`)
    .join(', ')} }`;
}

function array(items: string[], random: Random): string {
  return `[${items.map((item) => str(item, random)).join(random.chance(0.5) ? ', ' : ',')}]`;
}

/** A Codex config.toml: tables, subtables, inline tables, dotted keys, profiles, comments. */
export function renderToml(servers: ModelServer[], random: Random, eol: string): string {
  const indent = random.chance(0.2) ? '\t' : random.chance(0.2) ? '  ' : '';
  const out: string[] = [];
  if (random.chance(0.6)) out.push('# Codex configuration — ünïcode comment');
  out.push(`model = ${str('gpt-5-codex', random)}`, `approval_policy = "on-request" # keep asking`);
  const style = random.pick(['tables', 'tables', 'inline', 'dotted'] as const);
  if (servers.length === 0) {
    out.push('', '[mcp_servers]');
  } else if (style === 'inline') {
    out.push('', '[mcp_servers]');
    for (const server of servers) {
      const fields = server.remote
        ? [
            `url = ${str(server.url, random)}`,
            ...(Object.keys(server.headers).length > 0
              ? [`http_headers = ${inline(server.headers, random)}`]
              : []),
          ]
        : [
            `command = ${str(server.command, random)}`,
            `args = ${array(server.args, random)}`,
            ...(Object.keys(server.env).length > 0 ? [`env = ${inline(server.env, random)}`] : []),
          ];
      out.push(`${key(server.name)} = { ${fields.join(', ')} }`);
    }
  } else {
    for (const server of servers) {
      const prefix = style === 'dotted' ? `${key(server.name)}.` : '';
      out.push('');
      if (random.chance(0.3)) out.push(`# ${server.name}`);
      out.push(style === 'dotted' ? `[mcp_servers]` : `[mcp_servers.${key(server.name)}]`);
      if (server.remote) {
        out.push(
          `${indent}${prefix}url = ${str(server.url, random)}${random.chance(0.3) ? ' # remote' : ''}`,
        );
        if (Object.keys(server.headers).length > 0)
          out.push(`${indent}${prefix}http_headers = ${inline(server.headers, random)}`);
      } else {
        out.push(
          `${indent}${prefix}command = ${str(server.command, random)}${random.chance(0.3) ? '  # pinned' : ''}`,
        );
        if (server.args.length > 0 || random.chance(0.5))
          out.push(`${indent}${prefix}args = ${array(server.args, random)}`);
      }
      if (server.extra.timeout !== undefined)
        out.push(`${indent}${prefix}startup_timeout_sec = ${String(server.extra.timeout)}`);
      if (random.chance(0.3)) out.push(`${indent}${prefix}enabled_tools = ["read", "list"]`);
      if (style === 'tables' && !server.remote && Object.keys(server.env).length > 0) {
        out.push('', `[mcp_servers.${key(server.name)}.env]`);
        for (const [k, v] of Object.entries(server.env)) out.push(`${indent}${k} = ${str(v, random)}`);
      }
      if (style === 'tables' && random.chance(0.3))
        out.push(
          '',
          `[mcp_servers.${key(server.name)}.tools.create_issue]`,
          `${indent}approval_mode = "approve"`,
        );
      if (style === 'tables' && server.remote && random.chance(0.4))
        out.push('', `[mcp_servers.${key(server.name)}.oauth]`, `${indent}client_id = "client-1"`);
      // A dotted-key style file repeats [mcp_servers] per server, which TOML forbids: one is enough.
      if (style === 'dotted') break;
    }
  }
  if (random.chance(0.4)) out.push('', '[profiles.work]', 'model = "o3"');
  if (random.chance(0.3) && servers.length > 0)
    out.push('', '[profiles.work.mcp_servers.profiled]', 'command = "uvx"', 'args = ["mcp-server-time"]');
  if (random.chance(0.3)) out.push('', '[tui]', 'theme = "dark" # unrelated');
  return out.join(eol) + (random.chance(0.9) ? eol : '');
}
