import type { Random } from './random';
import type { ModelServer } from './servers';

export interface JsonStyle {
  indent: string;
  eol: string;
  /** Comments and trailing commas: only for clients that read JSONC. */
  comments: boolean;
  trailingCommas: boolean;
  /** Everything on one line. */
  compact: boolean;
  finalNewline: boolean;
}

export function jsonStyle(random: Random, jsonc: boolean): JsonStyle {
  return {
    indent: random.pick(['  ', '    ', '\t']),
    eol: random.chance(0.3) ? '\r\n' : '\n',
    comments: jsonc && random.chance(0.6),
    trailingCommas: jsonc && random.chance(0.3),
    compact: random.chance(0.1),
    finalNewline: random.chance(0.8),
  };
}

const COMMENTS = ['// my servers', '/* pinned on purpose */', '// TODO: review — ünïcode', '/* a, b: c */'];

/** JSON text for a value, in a given style, with comments sprinkled before properties. */
export function printJson(value: unknown, style: JsonStyle, random: Random, depth = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => printJson(item, style, random, depth + 1));
    if (style.compact || value.every((item) => typeof item !== 'object')) return `[${items.join(', ')}]`;
    return block('[', ']', items, style, depth);
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const items = entries.map(([key, item]) => {
      const comment =
        style.comments && !style.compact && random.chance(0.25)
          ? `${random.pick(COMMENTS)}${style.eol}${style.indent.repeat(depth + 1)}`
          : '';
      return `${comment}${JSON.stringify(key)}: ${printJson(item, style, random, depth + 1)}`;
    });
    if (style.compact) return `{${items.join(',')}}`;
    return block('{', '}', items, style, depth);
  }
  return JSON.stringify(value);
}

function block(open: string, close: string, items: string[], style: JsonStyle, depth: number): string {
  const inner = style.indent.repeat(depth + 1);
  const trailing = style.trailingCommas ? ',' : '';
  return `${open}${style.eol}${inner}${items.join(`,${style.eol}${inner}`)}${trailing}${style.eol}${style.indent.repeat(depth)}${close}`;
}

/** How each JSON client spells a server. */
export function jsonEntry(client: string, server: ModelServer, random: Random): Record<string, unknown> {
  const env = Object.keys(server.env).length > 0 ? { env: server.env } : {};
  const headers = Object.keys(server.headers).length > 0 ? { headers: server.headers } : {};
  const args = server.args.length > 0 || random.chance(0.5) ? { args: server.args } : {};
  switch (client) {
    case 'vscode':
      return server.remote
        ? { type: 'http', url: server.url, ...headers, ...server.extra }
        : { type: 'stdio', command: server.command, ...args, ...env, ...server.extra };
    case 'claude-code':
      return server.remote
        ? { type: random.pick(['http', 'sse']), url: server.url, ...headers }
        : { type: 'stdio', command: server.command, ...args, ...env };
    case 'zed':
      if (server.remote) return { url: server.url, ...headers };
      return random.chance(0.3)
        ? { command: { path: server.command, args: server.args, env: server.env } }
        : { source: 'custom', command: server.command, ...args, ...env, ...server.extra };
    case 'opencode':
      return server.remote
        ? { type: 'remote', url: server.url, ...headers, enabled: true }
        : {
            type: 'local',
            command: [server.command, ...server.args],
            ...(Object.keys(server.env).length > 0 ? { environment: server.env } : {}),
            enabled: random.chance(0.8),
          };
    default:
      return server.remote
        ? { url: server.url, ...headers, ...server.extra }
        : { command: server.command, ...args, ...env, ...server.extra };
  }
}
