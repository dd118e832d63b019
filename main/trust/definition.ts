import { createHash } from 'node:crypto';
import type { ServerDefinition } from '../../shared/servers';
import type { DefinitionChange, ServerIdentity } from '../../shared/trust';
import { canonicalize } from './jcs';

/**
 * The parts of a tool a pin covers: what the model reads (name, title, description, the input
 * schema with its property descriptions) and what decides how it is used (output schema,
 * annotations, execution). `_meta` and `icons` are left out: servers put volatile things there and
 * clients do not show them to the model.
 */
export const PINNED_TOOL_FIELDS = [
  'name',
  'title',
  'description',
  'inputSchema',
  'outputSchema',
  'annotations',
  'execution',
] as const;

export type ToolDefinition = Partial<Record<(typeof PINNED_TOOL_FIELDS)[number], unknown>> & { name: string };

/** A tool as a server listed it, cut down to the pinned fields. */
export function toolDefinition(listed: { name: string } & Record<string, unknown>): ToolDefinition {
  const definition: ToolDefinition = { name: listed.name };
  for (const field of PINNED_TOOL_FIELDS) {
    if (field !== 'name' && listed[field] !== undefined) definition[field] = listed[field];
  }
  return definition;
}

/** SHA-256 of a value's RFC 8785 canonical form: key order and whitespace are not a change. */
export function definitionHash(value: unknown): string {
  return createHash('sha256').update(canonicalize(value)).digest('hex');
}

/** What decides what a registered server runs, without anything that is not part of it. */
export function serverIdentity(
  server: Pick<ServerDefinition, 'transport' | 'command' | 'args' | 'cwd' | 'url' | 'envKeys' | 'headerKeys'>,
): ServerIdentity {
  return {
    transport: server.transport,
    ...(server.command == null ? {} : { command: server.command }),
    args: server.args,
    ...(server.cwd == null ? {} : { cwd: server.cwd }),
    ...(server.url == null ? {} : { url: server.url }),
    // Names, in any order: the set is what matters.
    envKeys: [...server.envKeys].sort(),
    headerKeys: [...server.headerKeys].sort(),
  };
}

/**
 * Differences between two JSON values, by path (`description`, `inputSchema.properties.path`,
 * `args[2]`): each changed leaf, or the whole of an added or removed branch, as JSON text. Arrays
 * are compared position by position, which is what an argument list means.
 */
export function diffDefinitions(before: unknown, after: unknown): DefinitionChange[] {
  const changes: DefinitionChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string, out: DefinitionChange[]): void {
  if (canonicalize(before) === canonicalize(after)) return;
  const arrays = Array.isArray(before) && Array.isArray(after);
  if (!arrays && !(isRecord(before) && isRecord(after))) {
    out.push({
      path: path || '(the whole definition)',
      before: canonicalize(before),
      after: canonicalize(after),
    });
    return;
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = arrays
    ? [...Array(Math.max((before as unknown[]).length, (after as unknown[]).length)).keys()].map(String)
    : [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const at = arrays ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (a[key] === undefined) out.push({ path: at, after: canonicalize(b[key]) });
    else if (b[key] === undefined) out.push({ path: at, before: canonicalize(a[key]) });
    else walk(a[key], b[key], at, out);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
