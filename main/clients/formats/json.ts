import { applyEdits, findNodeAtLocation, getNodeValue, modify, parse, parseTree } from 'jsonc-parser';
import type { FormattingOptions, JSONPath, Node, ParseError } from 'jsonc-parser';
import { printParseErrorCode } from 'jsonc-parser';
import type {
  ConfigFormat,
  EntryRef,
  EntryWindow,
  MapSpec,
  ParsedConfig,
  ParsedEntry,
  SourceRestore,
  ValueEdit,
} from './types';
import { decodeText, errorAt, expandSpec, markDuplicates, scopeOf } from './types';

/**
 * JSON and JSON with comments, edited through jsonc-parser: values are spliced in place where
 * they fit on their line, and jsonc-parser's `modify` (with the file's own indentation and line
 * ending) does the rest, so comments, key order and trailing commas stay.
 */
export function jsonFormat(name: 'JSON' | 'JSONC', fixed?: FormattingOptions): ConfigFormat {
  // A window (see entry-windows.ts) is edited with the whole file's indentation and line ending.
  const set: Setter = (text, path, value) => setValue(text, path, value, fixed);
  const format: ConfigFormat = {
    name,
    parse: parseJson,
    entrySource: (text, ref) => {
      const node = nodeAt(text, entryPath(ref));
      return node && sourceOf(text, node);
    },
    valueSource: (text, ref, path) => {
      const node = nodeAt(text, [...entryPath(ref), ...path]);
      return node && sourceOf(text, node);
    },
    setValues: (text, ref, edits) => setValues(text, ref, edits, set),
    replaceEntry: (text, ref, value) => set(text, entryPath(ref), value),
    insertEntry: (text, ref, value) => insertEntry(text, ref, value, set, fixed),
    spliceEntry: (text, ref, source) => splice(text, requireNode(text, entryPath(ref)), source),
    restoreValues: (text, ref, restores) => restoreValues(text, ref, restores, set),
    windows: (text, refs) => windows(name, text, refs),
  };
  return format;
}

type Setter = (text: string, path: JSONPath, value: unknown) => string;

/**
 * A new entry after the map's last one, written in the file's own indentation and line ending.
 * jsonc-parser's modify would also reformat the line it inserts after (a one-line entry before it
 * would be spread over several lines); this touches nothing but the new bytes. A map that is not
 * there yet is added with modify.
 */
function insertEntry(
  text: string,
  ref: EntryRef,
  value: Record<string, unknown>,
  set: Setter,
  fixed: FormattingOptions | undefined,
): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const map = root && findNodeAtLocation(root, ref.map);
  if (!root || map?.type !== 'object') return set(text, entryPath(ref), value);
  const formatting = fixed ?? detectFormatting(text, root);
  const eol = formatting.eol ?? '\n';
  const unit = formatting.insertSpaces === false ? '\t' : ' '.repeat(formatting.tabSize ?? 2);
  const properties = map.children ?? [];
  const last = properties.at(-1);
  const lineOf = (offset: number) => text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
  const rendered = (indent: string) =>
    `${JSON.stringify(ref.name)}: ${JSON.stringify(value, null, unit).replaceAll('\n', eol + indent)}`;
  if (last) {
    const lead = lineOf(last.offset);
    const end = last.offset + last.length;
    // A map written on one line gets the new entry on that line too.
    if (!/^[ \t]*$/.test(lead))
      return `${text.slice(0, end)}, ${JSON.stringify(ref.name)}: ${JSON.stringify(value)}${text.slice(end)}`;
    return `${text.slice(0, end)},${eol}${lead}${rendered(lead)}${text.slice(end)}`;
  }
  const outer = lineOf(map.parent?.offset ?? map.offset).match(/^[ \t]*/)?.[0] ?? '';
  const inner = outer + unit;
  return `${text.slice(0, map.offset)}{${eol}${inner}${rendered(inner)}${eol}${outer}}${text.slice(map.offset + map.length)}`;
}

/**
 * Each entry as `{ "w": <entry> }` with its key's line indentation, so that what jsonc-parser
 * formats inside it is indented as it would be in the file.
 */
function windows(
  name: 'JSON' | 'JSONC',
  text: string,
  refs: readonly EntryRef[],
): (EntryWindow | undefined)[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return refs.map(() => undefined);
  const formatting = detectFormatting(text, root);
  const format = jsonFormat(name, formatting);
  const eol = formatting.eol ?? '\n';
  return refs.map((ref) => {
    const node = findNodeAtLocation(root, entryPath(ref));
    const key = node?.parent?.children?.[0];
    if (!node || !key) return undefined;
    const lineStart = text.lastIndexOf('\n', key.offset - 1) + 1;
    const lead = text.slice(lineStart, key.offset);
    // jsonc-parser indents what it writes by what comes before it on its line: only an entry whose
    // key starts its line can be cut out and still be indented the same.
    if (!/^[ \t]*$/.test(lead)) return undefined;
    const prefix = `{${eol}${lead}"w": `;
    const suffix = `${eol}}`;
    const start = node.offset;
    const end = node.offset + node.length;
    return {
      start,
      end,
      text: prefix + text.slice(start, end) + suffix,
      ref: { map: [], kind: 'object', name: 'w' },
      format,
      unwrap: (edited: string) => {
        if (!edited.startsWith(prefix) || !edited.endsWith(suffix))
          throw new Error('Internal error: an entry edit reached outside its entry.');
        return edited.slice(prefix.length, edited.length - suffix.length);
      },
    };
  });
}

function entryPath(ref: EntryRef): JSONPath {
  if (ref.kind !== 'object') throw new Error('Internal error: JSON configs have no list maps.');
  return [...ref.map, ref.name];
}

function parseJson(file: string, bytes: Uint8Array, maps: readonly MapSpec[]): ParsedConfig {
  const { bom, text } = decodeText(file, bytes);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: false,
    allowTrailingComma: true,
    allowEmptyContent: true,
  });
  const first = errors[0];
  if (first) throw errorAt(file, text, first.offset, describeParseError(first));
  const config: ParsedConfig = { file, bom, text, data: root ? getNodeValue(root) : {}, entries: [] };
  if (root === undefined) return config;
  if (root.type !== 'object') throw errorAt(file, text, root.offset, 'the top level is not a JSON object');
  for (const spec of maps) {
    const paths = expandSpec(spec.path, (path) => {
      const node = objectAt(root, path);
      return node ? propertyNodes(node).map(([key]) => String(key.value)) : undefined;
    });
    for (const path of paths) {
      const parent = objectAt(root, path.slice(0, -1));
      const key = path.at(-1);
      if (!parent || key === undefined) continue;
      const value = propertyValue(parent, key);
      if (value === undefined) continue;
      const repeated = duplicateKeys(parent).find((k) => k.value === key);
      // Clients read the last one and editors the first: there is no safe edit.
      if (repeated) throw errorAt(file, text, repeated.offset, `"${key}" appears more than once`);
      if (value.type !== 'object') throw errorAt(file, text, value.offset, `"${key}" is not an object`);
      config.entries.push(...entriesOf(value, path, scopeOf(spec, path)));
    }
  }
  markDuplicates(config.entries);
  return config;
}

function describeParseError(error: ParseError): string {
  // "CloseBraceExpected" reads better as "close brace expected".
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function objectAt(root: Node, path: string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const key of path) {
    if (node?.type !== 'object') return undefined;
    node = propertyValue(node, key);
  }
  return node?.type === 'object' ? node : undefined;
}

function propertyNodes(object: Node): [Node, Node][] {
  return (object.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value ? [[key, value] as [Node, Node]] : [];
  });
}

/** The value node of a property; the last one wins, as it does for JSON.parse. */
function propertyValue(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const [k, value] of propertyNodes(object)) if (k.value === key) found = value;
  return found;
}

function entriesOf(servers: Node, map: string[], scope: string): ParsedEntry[] {
  return propertyNodes(servers).map(([key, node]) => {
    const entry: ParsedEntry = {
      map,
      kind: 'object',
      name: String(key.value),
      scope,
      value: getNodeValue(node) as unknown,
    };
    if (node.type === 'object' && duplicateKeys(node).length > 0) entry.problem = 'the entry repeats a key';
    return entry;
  });
}

/** Key nodes that repeat an earlier key of the same object. */
function duplicateKeys(object: Node): Node[] {
  const seen = new Set<unknown>();
  const repeated: Node[] = [];
  for (const [key] of propertyNodes(object)) {
    if (seen.has(key.value)) repeated.push(key);
    seen.add(key.value);
  }
  return repeated;
}

function setValues(text: string, ref: EntryRef, edits: ValueEdit[], set: Setter): string {
  let next = text;
  let anchor: JSONPath | undefined;
  for (const { path, value } of edits) {
    const full = [...entryPath(ref), ...path];
    const node = nodeAt(next, full);
    if (value === undefined) {
      if (node) next = set(next, full, undefined);
    } else if (node) {
      next = replaceValue(next, full, node, value, set);
    } else {
      next = insertValue(next, full, value, anchor, set);
    }
    anchor = full;
  }
  return next;
}

/** A new value where the old one was: spliced when it fits on the old one's line. */
function replaceValue(text: string, path: JSONPath, node: Node, value: unknown, set: Setter): string {
  const source = sourceOf(text, node);
  if (typeof value !== 'object' || value === null) return splice(text, node, JSON.stringify(value));
  if (isStringList(value) && node.type === 'array' && !source.includes('\n'))
    return splice(text, node, inlineArray(value, arrayStyle(source)));
  return set(text, path, value);
}

/**
 * A value the entry did not have. A one-line object stays on one line (the formatter would
 * spread it over several): the property goes right after the previous edit's, or at the end.
 */
function insertValue(
  text: string,
  path: JSONPath,
  value: unknown,
  anchor: JSONPath | undefined,
  set: Setter,
): string {
  const parent = requireNode(text, path.slice(0, -1));
  const parentText = sourceOf(text, parent);
  const after = anchor && anchor.length === path.length ? nodeAt(text, anchor) : undefined;
  const last = propertyNodes(parent).at(-1)?.[1];
  const at = after ?? last;
  if (parentText.includes('\n') || !at || !isStringListOrScalar(value)) return set(text, path, value);
  const compact = !/[:,]\s/.test(parentText);
  const space = compact ? '' : ' ';
  const rendered = Array.isArray(value)
    ? inlineArray(value as string[], { compact, padded: false })
    : JSON.stringify(value);
  const property = `,${space}${JSON.stringify(path.at(-1))}:${space}${rendered}`;
  const end = at.offset + at.length;
  return text.slice(0, end) + property + text.slice(end);
}

function restoreValues(text: string, ref: EntryRef, restores: SourceRestore[], set: Setter): string {
  let next = text;
  for (const { path, source } of restores) {
    const full = [...entryPath(ref), ...path];
    const node = nodeAt(next, full);
    if (source === null) {
      if (node) next = set(next, full, undefined);
    } else if (node) {
      next = splice(next, node, source);
    } else {
      next = set(next, full, parse(source) as unknown);
    }
  }
  return next;
}

function nodeAt(text: string, path: JSONPath): Node | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  return root ? findNodeAtLocation(root, path) : undefined;
}

function requireNode(text: string, path: JSONPath): Node {
  const node = nodeAt(text, path);
  if (!node) throw new Error(`Internal error: ${path.join('.')} is missing from the config.`);
  return node;
}

function sourceOf(text: string, node: Node): string {
  return text.slice(node.offset, node.offset + node.length);
}

function splice(text: string, node: Node, replacement: string): string {
  return text.slice(0, node.offset) + replacement + text.slice(node.offset + node.length);
}

function setValue(text: string, path: JSONPath, value: unknown, fixed?: FormattingOptions): string {
  const formattingOptions =
    fixed ?? detectFormatting(text, parseTree(text, [], { allowTrailingComma: true }));
  return applyEdits(text, modify(text, path, value, { formattingOptions }));
}

interface ArrayStyle {
  compact: boolean;
  padded: boolean;
}

/** How a one-line array is spaced: `["a","b"]`, `["a", "b"]` or `[ "a", "b" ]`. */
function arrayStyle(existing: string): ArrayStyle {
  const inner = existing.slice(1, -1);
  return {
    compact: /,\S/.test(inner) && !/,\s/.test(inner),
    padded: inner.trim() !== '' && /^\s/.test(inner),
  };
}

function inlineArray(items: string[], style: ArrayStyle): string {
  const pad = style.padded ? ' ' : '';
  const body = items.map((item) => JSON.stringify(item)).join(style.compact ? ',' : ', ');
  return `[${pad}${body}${pad}]`;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isStringListOrScalar(value: unknown): boolean {
  return isStringList(value) || typeof value !== 'object' || value === null;
}

/**
 * The file's own line ending and indentation, so that values we write look like the rest of it.
 * The indent unit comes from properties that start their line: their leading whitespace divided
 * by their depth.
 */
function detectFormatting(text: string, root: Node | undefined): FormattingOptions {
  // jsonc-parser's formatter follows the first line break too; options.eol only fills in for none.
  const eol = text.match(/\r?\n/)?.[0] ?? '\n';
  const indent = root ? indentUnit(text, root) : undefined;
  if (indent === undefined) return { eol, insertSpaces: true, tabSize: 2 };
  if (indent.tabs) return { eol, insertSpaces: false, tabSize: 4 };
  return { eol, insertSpaces: true, tabSize: indent.width };
}

function indentUnit(text: string, root: Node): { tabs: boolean; width: number } | undefined {
  const queue: { node: Node; depth: number }[] = [{ node: root, depth: 0 }];
  while (queue.length > 0) {
    const { node, depth } = queue.shift() as { node: Node; depth: number };
    if (node.type === 'property' && depth > 0) {
      const lineStart = text.lastIndexOf('\n', node.offset - 1) + 1;
      const leading = text.slice(lineStart, node.offset);
      if (leading.length > 0 && /^[ \t]+$/.test(leading)) {
        if (leading.includes('\t')) return { tabs: true, width: 1 };
        return { tabs: false, width: Math.max(1, Math.round(leading.length / depth)) };
      }
    }
    const childDepth = node.type === 'object' || node.type === 'array' ? depth + 1 : depth;
    for (const child of node.children ?? []) queue.push({ node: child, depth: childDepth });
  }
  return undefined;
}
