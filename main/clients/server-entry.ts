import type { ServerDefinition } from '../../shared/servers';

/** What one server entry is, as far as connecting it is concerned. */
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

/** A stdio entry's command, args, cwd and env, checked; `names` gives the client's own key names. */
export function classifyStdio(
  value: Record<string, unknown>,
  names: { command?: string; env?: string } = {},
): EntryShape {
  const commandKey = names.command ?? 'command';
  const envKey = names.env ?? 'env';
  const { command, args, cwd, env } = value;
  if (typeof command !== 'string' || command.trim() === '')
    return unsupported('stdio', `"${commandKey}" is not a non-empty string`);
  if (args !== undefined && args !== null && !isStringArray(args))
    return unsupported('stdio', '"args" is not a list of strings');
  if (cwd !== undefined && typeof cwd !== 'string') return unsupported('stdio', '"cwd" is not a string');
  if (env !== undefined && env !== null && !isStringRecord(env))
    return unsupported('stdio', `"${envKey}" is not an object of strings`);
  return {
    kind: 'stdio',
    command,
    args: (args as string[] | undefined | null) ?? [],
    ...(cwd !== undefined ? { cwd } : {}),
    ...(env ? { env: env as Record<string, string> } : {}),
  };
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

export function unsupported(transport: 'stdio' | 'http' | 'sse', reason: string): EntryShape {
  return { kind: 'unsupported', transport, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}
