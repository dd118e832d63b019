import { parse as parsePatchable, patch } from '@decimalturn/toml-patch';
import { getStaticTOMLValue, ParseError, parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import { ConfigParseError } from '../types';
import type { ConfigFormat, EntryRef, MapSpec, ParsedConfig, ParsedEntry, SourceRestore } from './types';
import { decodeText, expandSpec, isRecord, scopeOf } from './types';

/**
 * TOML (Codex). A server is a table that may be spread over several headers (`[mcp_servers.x]`,
 * `[mcp_servers.x.env]`, `[mcp_servers.x.tools.t]`), so values are edited one key-value at a
 * time: the value's bytes are replaced, or a line is added after its neighbour, using the
 * positions toml-eslint-parser reports. Whole-entry rewrites go through toml-patch, which edits
 * the document in place and keeps comments, order and the other tables.
 */
export const tomlFormat: ConfigFormat = {
  name: 'TOML',
  parse: parseToml,
  entrySource: () => undefined,
  valueSource: (text, ref, path) => {
    const kv = findKeyValue(parseProgram(text), [...ref.map, ref.name, ...path]);
    return kv && slice(text, kv.value.range);
  },
  setValues: (text, ref, edits) =>
    applyEdits(
      text,
      ref,
      edits.map(({ path, value }) => ({ path, source: value === undefined ? null : tomlValue(value) })),
    ),
  replaceEntry: (text, ref, value) => {
    const data = parsePatchable(text) as Record<string, unknown>;
    setIn(data, [...ref.map, ref.name], value);
    return patch(text, data);
  },
  insertEntry,
  spliceEntry: () => {
    throw new Error('Internal error: a TOML entry has no single span to splice.');
  },
  restoreValues: (text, ref, restores) => applyEdits(text, ref, restores),
};

/**
 * A new `[map.name]` table at the end of the file, nested values inline; where the map is an
 * inline table (no header may extend it), toml-patch places the entry instead.
 */
function insertEntry(text: string, ref: EntryRef, value: Record<string, unknown>): string {
  const path = [...ref.map, ref.name];
  const eol = text.match(/\r?\n/)?.[0] ?? '\n';
  const header = `[${path.map(bareOrQuoted).join('.')}]`;
  const lines = Object.entries(value).map(([key, item]) => `${bareOrQuoted(key)} = ${tomlValue(item)}`);
  const lead = text === '' ? '' : text.endsWith('\n') ? eol : eol + eol;
  const appended = `${text}${lead}${[header, ...lines].join(eol)}${eol}`;
  try {
    parseProgram(appended);
    return appended;
  } catch {
    const data = parsePatchable(text) as Record<string, unknown>;
    setIn(data, path, value, true);
    return patch(text, data);
  }
}

function parseProgram(text: string): AST.TOMLProgram {
  return parseTOML(text);
}

function parseToml(file: string, bytes: Uint8Array, maps: readonly MapSpec[]): ParsedConfig {
  const { bom, text } = decodeText(file, bytes);
  let data: unknown;
  try {
    data = getStaticTOMLValue(parseProgram(text));
  } catch (error) {
    if (error instanceof ParseError)
      throw new ConfigParseError(file, error.lineNumber, error.column + 1, lowerFirst(error.message));
    throw error;
  }
  const entries: ParsedEntry[] = [];
  for (const spec of maps) {
    const paths = expandSpec(spec.path, (path) => {
      const value = getIn(data, path);
      return isRecord(value) ? Object.keys(value) : undefined;
    });
    for (const map of paths) {
      const servers = getIn(data, map);
      if (servers === undefined) continue;
      if (!isRecord(servers)) throw new ConfigParseError(file, 1, 1, `"${map.join('.')}" is not a table`);
      for (const [name, value] of Object.entries(servers))
        entries.push({ map, kind: 'object', name, value, scope: scopeOf(spec, map) });
    }
  }
  return { file, bom, text, data, entries };
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '');
}

/** Apply source-level edits: `null` removes the key, text replaces or adds its value. */
function applyEdits(text: string, ref: EntryRef, edits: SourceRestore[]): string {
  let next = text;
  let anchor: string[] | undefined;
  for (const { path, source } of edits) {
    const full = [...ref.map, ref.name, ...path];
    const program = parseProgram(next);
    const kv = findKeyValue(program, full);
    if (source === null) {
      if (kv) next = removeKeyValue(next, kv);
    } else if (kv) {
      next = next.slice(0, kv.value.range[0]) + source + next.slice(kv.value.range[1]);
    } else {
      const neighbour =
        (anchor && findKeyValue(program, anchor)) ?? lastKeyValueUnder(program, full.slice(0, -1));
      next = neighbour
        ? insertAfter(next, neighbour, full.at(-1) ?? '', source)
        : viaPatch(next, full, parsePatchable(`v = ${source}`).v);
    }
    anchor = full;
  }
  return next;
}

function viaPatch(text: string, path: string[], value: unknown): string {
  const data = parsePatchable(text) as Record<string, unknown>;
  setIn(data, path, value);
  return patch(text, data);
}

/** A new `key = value` next to a sibling: on its own line in a table, after a comma inline. */
function insertAfter(text: string, sibling: AST.TOMLKeyValue, key: string, source: string): string {
  const keyText = bareOrQuoted(key);
  if (sibling.parent.type === 'TOMLInlineTable') {
    const end = sibling.value.range[1];
    return `${text.slice(0, end)}, ${keyText} = ${source}${text.slice(end)}`;
  }
  const keyStart = sibling.key.range[0];
  const lastPart = sibling.key.keys.at(-1);
  // A dotted key (`github.command = …`) gets the same prefix (`github.args = …`).
  const prefix = lastPart ? text.slice(keyStart, lastPart.range[0]) : '';
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, keyStart))?.[0] ?? '';
  const eol = text.match(/\r?\n/)?.[0] ?? '\n';
  const lineEnd = endOfLine(text, sibling.range[1]);
  const line = `${indent}${prefix}${keyText} = ${source}`;
  if (lineEnd === text.length) return `${text}${eol}${line}`;
  const breakLength = text[lineEnd] === '\r' ? 2 : 1;
  return `${text.slice(0, lineEnd + breakLength)}${line}${eol}${text.slice(lineEnd + breakLength)}`;
}

/** Remove a key-value: its whole line in a table, or the item and its comma in an inline table. */
function removeKeyValue(text: string, kv: AST.TOMLKeyValue): string {
  if (kv.parent.type === 'TOMLInlineTable') {
    const siblings = kv.parent.body;
    const index = siblings.indexOf(kv);
    const previous = siblings[index - 1];
    const following = siblings[index + 1];
    if (previous) return text.slice(0, previous.range[1]) + text.slice(kv.range[1]);
    if (following) return text.slice(0, kv.range[0]) + text.slice(following.range[0]);
    return text.slice(0, kv.range[0]) + text.slice(kv.range[1]);
  }
  const lineStart = text.lastIndexOf('\n', kv.range[0] - 1) + 1;
  const lineEnd = endOfLine(text, kv.range[1]);
  const next = lineEnd < text.length ? lineEnd + (text[lineEnd] === '\r' ? 2 : 1) : lineEnd;
  return text.slice(0, lineStart) + text.slice(next);
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function slice(text: string, range: [number, number]): string {
  return text.slice(range[0], range[1]);
}

/** Every key-value with its full path, through tables, dotted keys and inline tables. */
function keyValues(program: AST.TOMLProgram): { path: string[]; kv: AST.TOMLKeyValue }[] {
  const found: { path: string[]; kv: AST.TOMLKeyValue }[] = [];
  const visit = (kv: AST.TOMLKeyValue, base: (string | number)[]) => {
    const path = [...base.map(String), ...kv.key.keys.map(keyName)];
    found.push({ path, kv });
    if (kv.value.type === 'TOMLInlineTable') for (const inner of kv.value.body) visit(inner, path);
  };
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') visit(item, []);
    else for (const kv of item.body) visit(kv, item.resolvedKey);
  }
  return found;
}

function keyName(part: AST.TOMLBare | AST.TOMLQuoted): string {
  return part.type === 'TOMLBare' ? part.name : part.value;
}

function findKeyValue(program: AST.TOMLProgram, path: string[]): AST.TOMLKeyValue | undefined {
  return keyValues(program).find((item) => samePath(item.path, path))?.kv;
}

function lastKeyValueUnder(program: AST.TOMLProgram, parent: string[]): AST.TOMLKeyValue | undefined {
  return keyValues(program)
    .filter((item) => item.path.length === parent.length + 1 && samePath(item.path.slice(0, -1), parent))
    .at(-1)?.kv;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function bareOrQuoted(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/** A value as TOML source: strings as basic strings, arrays and tables inline. */
export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return tomlString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (isRecord(value))
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${bareOrQuoted(k)} = ${tomlValue(v)}`)
      .join(', ')} }`;
  throw new Error(`Internal error: cannot write ${typeof value} as TOML.`);
}

function tomlString(value: string): string {
  // JSON's escapes are TOML's, except that TOML also forbids a raw DEL.
  return JSON.stringify(value).replaceAll('\u007f', '\\u007F');
}

function getIn(data: unknown, path: readonly string[]): unknown {
  let node = data;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

function setIn(data: Record<string, unknown>, path: readonly string[], value: unknown, create = false): void {
  let node: Record<string, unknown> = data;
  for (const key of path.slice(0, -1)) {
    if (create && node[key] === undefined) node[key] = {};
    const child = node[key];
    if (!isRecord(child)) throw new Error(`Internal error: ${path.join('.')} is not a table.`);
    node = child;
  }
  const last = path.at(-1);
  if (last === undefined) return;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
