import type { ServerDefinition } from '../../shared/servers';
import { parseShimEntry } from './shim-entry';

/** What one `mcpServers` entry is, as far as connecting it is concerned. */
export type EntryShape =
  | { kind: 'shim'; client: string; server: string }
  | {
      kind: 'stdio';
      command: string;
      args: string[];
      cwd?: string;
      env?: Record<string, string>;
    }
  | {
      kind: 'remote';
      transport: 'http' | 'sse';
      url: string;
      headers?: Record<string, string>;
      env?: Record<string, string>;
    }
  | { kind: 'unsupported'; transport: 'stdio' | 'http' | 'sse'; reason: string };

const REMOTE_TYPES = new Map<unknown, 'http' | 'sse'>([
  ['sse', 'sse'],
  ['http', 'http'],
  ['streamableHttp', 'http'],
]);

export function classifyEntry(value: unknown): EntryShape {
  if (!isRecord(value)) return unsupported('stdio', 'the entry is not an object');
  const shim = parseShimEntry(value);
  if (shim) return { kind: 'shim', ...shim };
  const hasCommand = 'command' in value;
  const hasUrl = 'url' in value;
  if (hasCommand && hasUrl) return unsupported('stdio', 'the entry has both "command" and "url"');
  if (hasCommand) return classifyStdio(value);
  if (hasUrl) return classifyRemote(value);
  return unsupported('stdio', 'the entry has neither "command" nor "url"');
}

function classifyStdio(value: Record<string, unknown>): EntryShape {
  const { command, args, cwd, env, type } = value;
  if (type !== undefined && type !== 'stdio')
    return unsupported('stdio', `"type" is ${JSON.stringify(type)} but the entry has a "command"`);
  if (typeof command !== 'string' || command.trim() === '')
    return unsupported('stdio', '"command" is not a non-empty string');
  if (args !== undefined && !isStringArray(args))
    return unsupported('stdio', '"args" is not a list of strings');
  if (cwd !== undefined && typeof cwd !== 'string') return unsupported('stdio', '"cwd" is not a string');
  if (env !== undefined && !isStringRecord(env))
    return unsupported('stdio', '"env" is not an object of strings');
  return { kind: 'stdio', command, args: args ?? [], cwd, env };
}

function classifyRemote(value: Record<string, unknown>): EntryShape {
  const { url, headers, env, type } = value;
  const transport = type === undefined ? 'http' : REMOTE_TYPES.get(type);
  if (transport === undefined) return unsupported('http', `unknown remote "type" ${JSON.stringify(type)}`);
  if (typeof url !== 'string' || url.trim() === '')
    return unsupported(transport, '"url" is not a non-empty string');
  if (headers !== undefined && !isStringRecord(headers))
    return unsupported(transport, '"headers" is not an object of strings');
  if (env !== undefined && !isStringRecord(env))
    return unsupported(transport, '"env" is not an object of strings');
  return { kind: 'remote', transport, url, headers, env };
}

/** What the gateway will run for an entry: its original definition, with secret values left out. */
export function definitionFor(
  client: string,
  name: string,
  shape: Extract<EntryShape, { kind: 'stdio' | 'remote' }>,
): ServerDefinition {
  const envKeys = Object.keys(shape.env ?? {});
  if (shape.kind === 'stdio') {
    return {
      client,
      name,
      transport: 'stdio',
      command: shape.command,
      args: [...shape.args],
      ...(shape.cwd !== undefined ? { cwd: shape.cwd } : {}),
      envKeys,
      headerKeys: [],
    };
  }
  return {
    client,
    name,
    transport: shape.transport,
    url: shape.url,
    args: [],
    envKeys,
    headerKeys: Object.keys(shape.headers ?? {}),
  };
}

function unsupported(transport: 'stdio' | 'http' | 'sse', reason: string): EntryShape {
  return { kind: 'unsupported', transport, reason };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}
