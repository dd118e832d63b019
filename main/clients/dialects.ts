import type { ValueEdit } from './formats/types';
import { isRecord } from './formats/types';
import { classifyStdio, type EntryShape, unsupported } from './server-entry';
import { parseShimEntry } from './shim-entry';

/** The env key through which a remote entry's headers reach the shim (and from it, the gateway). */
const REMOTE_HEADERS_ENV = 'PORTCULLIS_REMOTE_HEADERS';

export interface ShimInvocation {
  command: string;
  args: string[];
}

/**
 * How one client spells a server entry: which keys hold the command, arguments, environment
 * and URL, what a remote entry's `type` means, and how the shim entry is written back.
 */
export interface Dialect {
  /** Whether the client itself runs remote entries; wrapping one it ignores would switch it on. */
  runsRemote: boolean;
  classify(value: unknown): EntryShape;
  /** The values to set so that a stdio entry runs the shim; everything else stays. */
  wrapStdio(value: Record<string, unknown>, shim: ShimInvocation): ValueEdit[];
  /** The whole new entry for a remote one: the shim, with the headers moved into the env. */
  wrapRemote(value: Record<string, unknown>, shim: ShimInvocation): Record<string, unknown>;
}

/** Command lines and URLs that the client itself would expand before running them. */
type Expansion = RegExp | undefined;

export interface StandardOptions {
  /** Keys that hold a remote URL, and the transport each implies when there is no type. */
  urlKeys: Record<string, 'http' | 'sse'>;
  /** Keys whose presence alone makes an entry remote but which the client does not run. */
  deadUrlKeys?: Record<string, string>;
  /** `type` (or `transportType`) values and what they mean. */
  types?: Record<string, 'stdio' | 'http' | 'sse'>;
  typeKeys?: string[];
  runsRemote?: boolean;
  /** Extra keys written into a shim entry made from a remote one (VS Code needs `type`). */
  stdioMarker?: Record<string, string>;
  /** Remote-only keys to drop along with the URL and headers. */
  remoteOnlyKeys?: string[];
  expansion?: Expansion;
  /** Zed's older form keeps command, args and env in an object under `command`. */
  nestedCommand?: boolean;
}

const BRACE_EXPANSION = /\$\{[^}]*\}/;

/** `{command, args, env}` / `{url, headers}` entries, with each client's own keys and types. */
export function standardDialect(options: StandardOptions): Dialect {
  const typeKeys = options.typeKeys ?? ['type'];
  const types = options.types ?? { stdio: 'stdio', http: 'http', sse: 'sse', streamableHttp: 'http' };
  const urlKeys = Object.keys(options.urlKeys);
  return {
    runsRemote: options.runsRemote ?? true,
    classify(value) {
      if (!isRecord(value)) return unsupported('stdio', 'the entry is not an object');
      const view = options.nestedCommand && isRecord(value.command) ? nestedView(value) : value;
      const shim = parseShimEntry(view);
      if (shim) return { kind: 'shim', ...shim };
      const typeKey = typeKeys.find((key) => value[key] !== undefined);
      const typeValue = typeKey === undefined ? undefined : value[typeKey];
      const urlKey = urlKeys.find((key) => key in value);
      const dead = Object.keys(options.deadUrlKeys ?? {}).find((key) => key in value);
      if ('command' in value && urlKey)
        return unsupported('stdio', `the entry has both "command" and "${urlKey}"`);
      if ('command' in value) {
        if (typeValue !== undefined && types[String(typeValue)] !== 'stdio')
          return unsupported(
            'stdio',
            `"${typeKey}" is ${JSON.stringify(typeValue)} but the entry has a "command"`,
          );
        return expanded(classifyStdio(view), options.expansion);
      }
      if (!urlKey && dead) return unsupported('http', options.deadUrlKeys?.[dead] ?? '');
      if (!urlKey) return unsupported('stdio', `the entry has neither "command" nor ${quoteList(urlKeys)}`);
      const transport = typeValue === undefined ? options.urlKeys[urlKey] : types[String(typeValue)];
      if (transport === undefined || transport === 'stdio')
        return unsupported('http', `unknown remote "${typeKey}" ${JSON.stringify(typeValue)}`);
      return expanded(remoteShape(value, urlKey, transport, 'headers', 'env'), options.expansion);
    },
    wrapStdio(value, shim) {
      if (options.nestedCommand && isRecord(value.command))
        return [
          { path: ['command', 'path'], value: shim.command },
          { path: ['command', 'args'], value: shim.args },
        ];
      return [
        { path: ['command'], value: shim.command },
        { path: ['args'], value: shim.args },
      ];
    },
    wrapRemote(value, shim) {
      const drop = new Set(['headers', 'command', 'args', ...typeKeys, ...(options.remoteOnlyKeys ?? [])]);
      return rebuild(
        value,
        urlKeys,
        drop,
        'env',
        (env) => ({
          ...options.stdioMarker,
          command: shim.command,
          args: shim.args,
          ...(env ? { env } : {}),
        }),
        headersOf(value.headers),
      );
    },
  };
}

/** OpenCode: `{type: "local", command: [program, ...args], environment}` / `{type: "remote", url, headers}`. */
export const openCodeDialect: Dialect = {
  runsRemote: true,
  classify(value) {
    if (!isRecord(value)) return unsupported('stdio', 'the entry is not an object');
    const { type, command, url } = value;
    if (type === 'local' || (type === undefined && command !== undefined)) {
      if (
        !Array.isArray(command) ||
        command.length === 0 ||
        !command.every((part) => typeof part === 'string')
      )
        return unsupported('stdio', '"command" is not a non-empty list of strings');
      const [program, ...args] = command as string[];
      const shim = parseShimEntry({ command: program, args });
      if (shim) return { kind: 'shim', ...shim };
      return classifyStdio({ command: program, args, env: value.environment });
    }
    if (type === 'remote' || (type === undefined && url !== undefined))
      return remoteShape(value, 'url', 'http', 'headers', 'environment');
    return unsupported('stdio', `unknown "type" ${JSON.stringify(type)}`);
  },
  wrapStdio: (_value, shim) => [{ path: ['command'], value: [shim.command, ...shim.args] }],
  wrapRemote(value, shim) {
    const drop = new Set(['headers', 'oauth', 'command']);
    const next = rebuild(
      value,
      ['url'],
      drop,
      'environment',
      (environment) => ({
        command: [shim.command, ...shim.args],
        ...(environment ? { environment } : {}),
      }),
      headersOf(value.headers),
    );
    return { ...next, type: 'local' };
  },
};

/** Goose's `extensions`: `{type: stdio, cmd, args, envs}` / `{type: sse | streamable_http, uri, headers}`. */
export const gooseDialect: Dialect = {
  runsRemote: true,
  classify(value) {
    if (!isRecord(value)) return unsupported('stdio', 'the entry is not an object');
    const { type } = value;
    if (type === 'stdio') {
      const view = { command: value.cmd, args: value.args, env: value.envs };
      const shim = parseShimEntry(view);
      if (shim) return { kind: 'shim', ...shim };
      return classifyStdio(view, { command: 'cmd', env: 'envs' });
    }
    if (type === 'sse' || type === 'streamable_http')
      return remoteShape(value, 'uri', type === 'sse' ? 'sse' : 'http', 'headers', 'envs');
    return unsupported('stdio', `a "${String(type)}" extension runs inside Goose, not as a server`);
  },
  wrapStdio: (_value, shim) => [
    { path: ['cmd'], value: shim.command },
    { path: ['args'], value: shim.args },
  ],
  wrapRemote(value, shim) {
    const next = rebuild(
      value,
      ['uri'],
      new Set(['headers', 'cmd', 'args']),
      'envs',
      (envs) => ({
        cmd: shim.command,
        args: shim.args,
        ...(envs ? { envs } : {}),
      }),
      headersOf(value.headers),
    );
    return { ...next, type: 'stdio' };
  },
};

/** Codex's `[mcp_servers.x]`: `command, args, env, env_vars, cwd` / `url, http_headers, …`. */
export const codexDialect: Dialect = {
  runsRemote: true,
  classify(value) {
    if (!isRecord(value)) return unsupported('stdio', 'the entry is not a table');
    if ('command' in value && 'url' in value)
      return unsupported('stdio', 'the entry has both "command" and "url"');
    if ('command' in value) {
      const shim = parseShimEntry(value);
      if (shim) return { kind: 'shim', ...shim };
      return classifyStdio(value);
    }
    if (!('url' in value)) return unsupported('stdio', 'the entry has neither "command" nor "url"');
    for (const key of ['bearer_token_env_var', 'env_http_headers'])
      if (key in value)
        return unsupported(
          'http',
          `"${key}" takes a header from Codex's environment, which Portcullis cannot carry yet`,
        );
    return remoteShape(value, 'url', 'http', 'http_headers', 'env');
  },
  wrapStdio: (_value, shim) => [
    { path: ['command'], value: shim.command },
    { path: ['args'], value: shim.args },
  ],
  wrapRemote(value, shim) {
    // Codex refuses a stdio server that still has any of these.
    const drop = new Set(['http_headers', 'oauth', 'oauth_resource', 'command', 'args']);
    return rebuild(
      value,
      ['url'],
      drop,
      'env',
      (env) => ({
        command: shim.command,
        args: shim.args,
        ...(env ? { env } : {}),
      }),
      headersOf(value.http_headers),
    );
  },
};

/** Continue's `mcpServers` list items: `{name, command, args, env}` / `{name, type, url}`. */
export const continueDialect: Dialect = {
  runsRemote: true,
  classify(value) {
    if (!isRecord(value)) return unsupported('stdio', 'the entry is not a mapping');
    const { type } = value;
    if ('command' in value) {
      const shim = parseShimEntry(value);
      if (shim) return { kind: 'shim', ...shim };
      if (type !== undefined && type !== 'stdio')
        return unsupported('stdio', `"type" is ${JSON.stringify(type)} but the entry has a "command"`);
      return expanded(classifyStdio(value), BRACE_EXPANSION);
    }
    if (!('url' in value)) return unsupported('stdio', 'the entry has neither "command" nor "url"');
    if ('requestOptions' in value)
      return unsupported('http', '"requestOptions" cannot be carried through Portcullis yet');
    const transport =
      type === 'sse' ? 'sse' : type === undefined || type === 'streamable-http' ? 'http' : undefined;
    if (!transport) return unsupported('http', `unknown remote "type" ${JSON.stringify(type)}`);
    return expanded(remoteShape(value, 'url', transport, 'headers', 'env'), BRACE_EXPANSION);
  },
  wrapStdio: (_value, shim) => [
    { path: ['command'], value: shim.command },
    { path: ['args'], value: shim.args },
  ],
  wrapRemote(value, shim) {
    const next = rebuild(
      value,
      ['url'],
      new Set(['headers', 'command', 'args']),
      'env',
      (env) => ({
        command: shim.command,
        args: shim.args,
        ...(env ? { env } : {}),
      }),
      headersOf(value.headers),
    );
    return 'type' in next ? { ...next, type: 'stdio' } : next;
  },
};

function nestedView(value: Record<string, unknown>): Record<string, unknown> {
  const nested = value.command as Record<string, unknown>;
  return { command: nested.path, args: nested.args, env: nested.env };
}

function remoteShape(
  value: Record<string, unknown>,
  urlKey: string,
  transport: 'http' | 'sse',
  headersKey: string,
  envKey: string,
): EntryShape {
  const url = value[urlKey];
  const headers = value[headersKey];
  const env = value[envKey];
  if (typeof url !== 'string' || url.trim() === '')
    return unsupported(transport, `"${urlKey}" is not a non-empty string`);
  if (headers !== undefined && !isStringRecord(headers))
    return unsupported(transport, `"${headersKey}" is not a map of strings`);
  if (env !== undefined && !isStringRecord(env))
    return unsupported(transport, `"${envKey}" is not a map of strings`);
  return { kind: 'remote', transport, url, headers, env };
}

/**
 * The entry with the URL key replaced (in its place) by the shim's keys, the keys in `drop`
 * removed, and the headers carried in the env as JSON: their values stay in the client's file.
 */
function rebuild(
  value: Record<string, unknown>,
  urlKeys: string[],
  drop: Set<string>,
  envKey: string,
  shimKeys: (env: Record<string, string> | undefined) => Record<string, unknown>,
  headers: Record<string, string> | undefined,
): Record<string, unknown> {
  const existing = isStringRecord(value[envKey]) ? value[envKey] : undefined;
  const env = headers ? { ...existing, [REMOTE_HEADERS_ENV]: JSON.stringify(headers) } : existing;
  const next: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (urlKeys.includes(key)) {
      const keys = shimKeys(envKey in value ? undefined : env);
      Object.assign(next, keys);
    } else if (key === envKey) {
      next[key] = env;
    } else if (!drop.has(key) && !urlKeys.includes(key)) {
      next[key] = item;
    }
  }
  return next;
}

function headersOf(value: unknown): Record<string, string> | undefined {
  return isStringRecord(value) ? value : undefined;
}

function expanded(shape: EntryShape, expansion: Expansion): EntryShape {
  if (!expansion) return shape;
  const words =
    shape.kind === 'stdio'
      ? [shape.command, ...shape.args, shape.cwd ?? '']
      : shape.kind === 'remote'
        ? [shape.url]
        : [];
  const placeholder = words.find((word) => expansion.test(word));
  if (placeholder === undefined) return shape;
  return unsupported(
    shape.kind === 'remote' ? shape.transport : 'stdio',
    `"${placeholder}" has a placeholder that the client fills in when it starts the server; Portcullis cannot run it the same way yet`,
  );
}

function quoteList(keys: string[]): string {
  return keys.map((key) => `"${key}"`).join(' or ');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}

export { BRACE_EXPANSION };
