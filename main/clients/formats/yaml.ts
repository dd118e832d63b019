import { isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Alias, Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
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
 * YAML (Continue, Goose), parsed with the `yaml` package's Document API for its node ranges and
 * edited by replacing only the bytes of the values that change: comments, anchors elsewhere,
 * quoting and indentation stay as the person wrote them. New values are written in flow style
 * (`["a", "b"]`, JSON-quoted scalars), which every YAML reader accepts.
 */
export const yamlFormat: ConfigFormat = {
  name: 'YAML',
  parse: parseYaml,
  entrySource: (text, ref) => {
    const node = entryNode(load(text), ref);
    return node?.range
      ? text.slice(node.range[0], contentEnd(text, node.range[0], node.range[1]))
      : undefined;
  },
  valueSource: (text, ref, path) => {
    const node = valueNode(load(text), ref, path);
    return node?.range
      ? text.slice(node.range[0], contentEnd(text, node.range[0], node.range[1]))
      : undefined;
  },
  setValues: (text, ref, edits) => applyEdits(text, ref, edits.map(toEdit)),
  replaceEntry: (text, ref, value) => {
    const node = requireRange(entryNode(load(text), ref));
    const start = node.range[0];
    const end = contentEnd(text, start, node.range[1]);
    const rendered = isMap(node) && !node.flow ? blockMap(value, text, start) : flow(value);
    return text.slice(0, start) + rendered + text.slice(end);
  },
  insertEntry,
  spliceEntry: (text, ref, source) => {
    const node = requireRange(entryNode(load(text), ref));
    const end = contentEnd(text, node.range[0], node.range[1]);
    return text.slice(0, node.range[0]) + source + text.slice(end);
  },
  restoreValues: (text, ref, restores) => applyEdits(text, ref, restores),
  windows,
};

/**
 * Each entry as `w:` followed by its own lines, from its key's (or its list dash's) line to its
 * end, so that everything the edits look at (the entry's columns, the file's line ending) is as in
 * the file. An entry that does not read back the same on its own (an alias to an anchor elsewhere,
 * a key at the start of the line) is not cut out.
 */
function windows(text: string, refs: readonly EntryRef[]): (EntryWindow | undefined)[] {
  const doc = load(text);
  const eol = eolOf(text);
  const prefix = `w:${eol}`;
  return refs.map((ref) => {
    const node = entryNode(doc, ref);
    if (!node?.range) return undefined;
    const end = contentEnd(text, node.range[0], node.range[1]);
    const anchor = ref.kind === 'object' ? (keyNodeOf(doc, ref)?.range?.[0] ?? -1) : node.range[0];
    if (anchor < 0) return undefined;
    const start = text.lastIndexOf('\n', anchor - 1) + 1;
    const lead = text.slice(start, anchor);
    if (lead === '' || !(ref.kind === 'object' ? /^ +$/ : /^ *- +$/).test(lead)) return undefined;
    const small = prefix + text.slice(start, end);
    const windowRef: EntryRef = { map: ['w'], kind: ref.kind, name: ref.name };
    if (!readsTheSame(small, windowRef, node, doc)) return undefined;
    return {
      start,
      end,
      text: small,
      ref: windowRef,
      format: yamlFormat,
      unwrap: (edited: string) => {
        if (!edited.startsWith(prefix))
          throw new Error('Internal error: an entry edit reached outside its entry.');
        return edited.slice(prefix.length);
      },
    };
  });
}

/** Whether the entry cut out reads as it does in the file (it fails on an alias whose anchor stayed behind). */
function readsTheSame(small: string, ref: EntryRef, node: Node, doc: Document.Parsed): boolean {
  try {
    const check = load(small);
    const again = check.errors.length === 0 ? entryNode(check, ref) : undefined;
    return again !== undefined && JSON.stringify(again.toJS(check)) === JSON.stringify(node.toJS(doc));
  } catch {
    return false;
  }
}

/** The key node of an entry in an object map. */
function keyNodeOf(doc: Document.Parsed, ref: EntryRef): Node | undefined {
  const map = doc.getIn(ref.map, true);
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => keyOf(pair) === ref.name)?.key as Node | undefined;
}

/**
 * A new entry at the end of its map or list, in flow style (`name: { command: x, args: [..] }`,
 * `- { name: x, … }`). A missing or empty map is written where it belongs: in place of an empty
 * value, or as a new top-level key.
 */
function insertEntry(text: string, ref: EntryRef, value: Record<string, unknown>): string {
  const doc = load(text);
  const node = doc.getIn(ref.map, true) as Node | null | undefined;
  const item = ref.kind === 'object' ? value : { name: ref.name, ...value };
  const fresh = ref.kind === 'object' ? `{ ${keyText(ref.name)}: ${flow(value)} }` : `[${flow(item)}]`;
  if (ref.kind === 'object' && isMap(node)) {
    if (!node.flow || node.items.length > 0)
      return insertPair(text, node, node.items.at(-1), ref.name, flow(value));
    return replaceRange(text, requireRange(node as Node), fresh);
  }
  if (ref.kind === 'list' && isSeq(node)) {
    if (node.items.length === 0) return replaceRange(text, requireRange(node as Node), fresh);
    return appendItem(text, node as Node & YAMLSeq, flow(item));
  }
  if (isScalar(node) && node.value === null && node.range) {
    // `mcpServers:` with nothing after it, or `~`.
    const start = node.range[0];
    const space = text[start - 1] === ':' ? ' ' : '';
    return text.slice(0, start) + space + fresh + text.slice(contentEnd(text, start, node.range[1]));
  }
  if (node !== undefined && node !== null)
    throw new Error(`"${ref.map.join('.')}" is not a ${ref.kind === 'object' ? 'mapping' : 'list'}`);
  const root = doc.contents;
  const emptyRoot = root === null || (isScalar(root) && root.value === null);
  if (ref.map.length !== 1 || !(emptyRoot || (isMap(root) && !root.flow)))
    throw new Error(`"${ref.map.join('.')}" is missing and cannot be added to this file`);
  const eol = eolOf(text);
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  return `${text}${separator}${keyText(ref.map[0] ?? '')}: ${fresh}${eol}`;
}

function replaceRange(
  text: string,
  node: Node & { range: [number, number, number] },
  source: string,
): string {
  return text.slice(0, node.range[0]) + source + text.slice(contentEnd(text, node.range[0], node.range[1]));
}

/** A new item after the last one: `- item` on its own line for a block list, `, item` in a flow one. */
function appendItem(text: string, seq: Node & YAMLSeq, source: string): string {
  const own = requireRange(seq).range;
  if (seq.flow) {
    const close = contentEnd(text, own[0], own[1]) - 1;
    return `${text.slice(0, close)}, ${source}${text.slice(close)}`;
  }
  const indent = ' '.repeat(own[0] - (text.lastIndexOf('\n', own[0] - 1) + 1));
  const lineEnd = endOfLine(text, contentEnd(text, own[0], own[1]));
  return `${text.slice(0, lineEnd)}${eolOf(text)}${indent}- ${source}${text.slice(lineEnd)}`;
}

function keyText(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
}

/** An edit either writes a value (rendered to fit where it goes) or puts source text back. */
type Edit = SourceRestore & { value?: unknown };

function toEdit({ path, value }: ValueEdit): Edit {
  return { path, source: value === undefined ? null : flow(value), value };
}

function load(text: string): Document.Parsed {
  return parseDocument(text, { prettyErrors: false, keepSourceTokens: false });
}

function parseYaml(file: string, bytes: Uint8Array, maps: readonly MapSpec[]): ParsedConfig {
  const { bom, text } = decodeText(file, bytes);
  const doc = load(text);
  const error = doc.errors[0];
  if (error) throw errorAt(file, text, error.pos[0], error.message.replace(/\.$/, ''));
  const dangling = danglingAlias(doc);
  if (dangling)
    throw errorAt(
      file,
      text,
      dangling.range?.[0] ?? 0,
      `the alias *${dangling.source} has no anchor before it`,
    );
  const root = doc.contents;
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // Aliases that expand exponentially ("billion laughs") are refused, not followed.
    throw errorAt(file, text, 0, error instanceof Error ? error.message.replace(/\.$/, '') : String(error));
  }
  const config: ParsedConfig = { file, bom, text, data, entries: [] };
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) throw errorAt(file, text, root.range?.[0] ?? 0, 'the top level is not a mapping');
  for (const spec of maps) {
    const paths = expandSpec(spec.path, (path) => {
      const node = doc.getIn(path, true);
      return isMap(node) ? node.items.map((pair) => keyOf(pair)).filter((k) => k !== undefined) : undefined;
    });
    for (const map of paths) {
      const node = doc.getIn(map, true) as Node | undefined;
      if (node === undefined || node === null || (isScalar(node) && node.value === null)) continue;
      const at = node.range?.[0] ?? 0;
      const scope = scopeOf(spec, map);
      if (spec.kind === 'object') {
        if (!isMap(node)) throw errorAt(file, text, at, `"${map.join('.')}" is not a mapping`);
        for (const pair of node.items) {
          const name = keyOf(pair);
          if (name === undefined) continue;
          config.entries.push(entry(doc, map, 'object', name, scope, pair.value as Node | null));
        }
      } else {
        if (!isSeq(node)) throw errorAt(file, text, at, `"${map.join('.')}" is not a list`);
        for (const item of node.items) {
          const name = isMap(item) ? item.get('name') : undefined;
          if (typeof name !== 'string') continue;
          config.entries.push(entry(doc, map, 'list', name, scope, item as Node));
        }
      }
    }
  }
  markDuplicates(config.entries);
  return config;
}

/** An alias whose anchor is not defined before it: YAML readers refuse the file. */
function danglingAlias(doc: Document.Parsed): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function entry(
  doc: Document.Parsed,
  map: string[],
  kind: 'object' | 'list',
  name: string,
  scope: string,
  node: Node | null,
): ParsedEntry {
  const parsed: ParsedEntry = { map, kind, name, scope, value: node ? node.toJS(doc) : null };
  const problem = node && sharedStructure(node);
  if (problem) parsed.problem = problem;
  return parsed;
}

/**
 * Anchors, aliases and merge keys tie an entry to other parts of the file: rewriting it in place
 * would change (or orphan) what they point at, so such an entry is left alone.
 */
function sharedStructure(node: Node): string | undefined {
  if (isAlias(node)) return `the entry is an alias (*${node.source}) of another part of the file`;
  let problem: string | undefined;
  visit(node, {
    Node(_key, child) {
      if (problem) return visit.BREAK;
      if (child.anchor) problem = `the entry defines the YAML anchor &${child.anchor}`;
      return undefined;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') problem = 'the entry uses a YAML merge key (<<)';
      return problem ? visit.BREAK : undefined;
    },
  });
  return problem;
}

function keyOf(pair: Pair): string | undefined {
  const key = isScalar(pair.key) ? pair.key.value : pair.key;
  return typeof key === 'string' ? key : typeof key === 'number' ? String(key) : undefined;
}

function entryNode(doc: Document.Parsed, ref: EntryRef): Node | undefined {
  const map = doc.getIn(ref.map, true);
  if (ref.kind === 'object') return isMap(map) ? (map.get(ref.name, true) as Node | undefined) : undefined;
  if (!isSeq(map)) return undefined;
  return map.items.find((item) => isMap(item) && item.get('name') === ref.name) as Node | undefined;
}

function valueNode(doc: Document.Parsed, ref: EntryRef, path: string[]): Node | undefined {
  let node: unknown = entryNode(doc, ref);
  for (const key of path) node = isMap(node) ? node.get(key, true) : undefined;
  return node as Node | undefined;
}

function pairOf(
  doc: Document.Parsed,
  ref: EntryRef,
  path: string[],
): { map: YAMLMap; pair: Pair } | undefined {
  let node: unknown = entryNode(doc, ref);
  for (const key of path.slice(0, -1)) node = isMap(node) ? node.get(key, true) : undefined;
  if (!isMap(node)) return undefined;
  const pair = node.items.find((item) => keyOf(item) === path.at(-1));
  return pair ? { map: node, pair } : undefined;
}

function requireRange(node: Node | undefined): Node & { range: [number, number, number] } {
  if (!node?.range) throw new Error('Internal error: the entry is missing from the config.');
  return node as Node & { range: [number, number, number] };
}

function applyEdits(text: string, ref: EntryRef, edits: Edit[]): string {
  let next = text;
  let anchor: string[] | undefined;
  for (const { path, source, value } of edits) {
    const doc = load(next);
    const found = pairOf(doc, ref, path);
    if (source === null) {
      if (found) next = removePair(next, found.map, found.pair);
    } else if (found && isValueNode(found.pair.value)) {
      next = replaceValue(next, found.pair.value, source, value);
    } else {
      const parent = path.length > 1 ? valueNode(doc, ref, path.slice(0, -1)) : entryNode(doc, ref);
      if (!isMap(parent)) throw new Error('Internal error: the entry is not a mapping.');
      const after = (anchor && pairOf(doc, ref, anchor)?.pair) ?? parent.items.at(-1);
      next = insertPair(next, parent, after, path.at(-1) ?? '', source);
    }
    anchor = path;
  }
  return next;
}

function isValueNode(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === 'object' && value !== null && 'range' in value && Boolean(value.range);
}

/**
 * A block sequence is written back as a block sequence at the same indentation; anything else
 * becomes the new value's flow form in the old one's place.
 */
function replaceValue(
  text: string,
  node: Node & { range: [number, number, number] },
  source: string,
  value: unknown,
): string {
  const start = node.range[0];
  const end = contentEnd(text, start, node.range[1]);
  let rendered = source;
  if (isSeq(node) && !node.flow && Array.isArray(value)) {
    const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
    rendered = value.map((item) => `- ${flow(item)}`).join(eolOf(text) + indent);
  }
  return text.slice(0, start) + rendered + text.slice(end);
}

function insertPair(
  text: string,
  map: YAMLMap,
  after: Pair | undefined,
  key: string,
  source: string,
): string {
  const name = keyText(key);
  const last = (after?.value as Node | null | undefined)?.range ?? (after?.key as Node | undefined)?.range;
  const end = last ? contentEnd(text, last[0], last[1]) : undefined;
  if (map.flow || end === undefined) {
    const own = requireRange(map as Node).range;
    const close = contentEnd(text, own[0], own[1]) - 1;
    const at = end ?? close;
    const comma = map.items.length > 0 ? ', ' : '';
    return `${text.slice(0, at)}${comma}${name}: ${source}${text.slice(at)}`;
  }
  const firstKey = (map.items[0]?.key as Node | undefined)?.range?.[0] ?? end;
  const indent = ' '.repeat(firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1));
  const lineEnd = endOfLine(text, end);
  return `${text.slice(0, lineEnd)}${eolOf(text)}${indent}${name}: ${source}${text.slice(lineEnd)}`;
}

/** A value in flow style: plain scalars where they read the same, JSON otherwise. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${scalar(k)}: ${flow(v)}`)
      .join(', ')} }`;
  return scalar(value);
}

function removePair(text: string, map: YAMLMap, pair: Pair): string {
  const start = (pair.key as Node).range?.[0];
  const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range?.[1];
  if (start === undefined || end === undefined) return text;
  if (map.flow) {
    const index = map.items.indexOf(pair);
    const previous = map.items[index - 1];
    const previousEnd = (previous?.value as Node | null)?.range?.[1];
    if (previousEnd !== undefined) return text.slice(0, previousEnd) + text.slice(end);
    const following = (map.items[index + 1]?.key as Node | undefined)?.range?.[0];
    return text.slice(0, start) + text.slice(following ?? end);
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = endOfLine(text, end);
  const next = lineEnd < text.length ? lineEnd + (text[lineEnd] === '\r' ? 2 : 1) : lineEnd;
  // A pair that starts a list item (`- args: …`) keeps the dash line for the next key.
  if (text.slice(lineStart, start).trim() !== '') return text.slice(0, start) + text.slice(next);
  return text.slice(0, lineStart) + text.slice(next);
}

/** A new block mapping where an old one started: first key in place, the rest aligned under it. */
function blockMap(value: Record<string, unknown>, text: string, start: number): string {
  const indent = ' '.repeat(start - (text.lastIndexOf('\n', start - 1) + 1));
  return Object.entries(value)
    .map(([key, item]) => `${keyText(key)}: ${flow(item)}`)
    .join(eolOf(text) + indent);
}

/** Where a node's content ends: block collections' ranges run on over the following line break. */
function contentEnd(text: string, start: number, end: number): number {
  return start + text.slice(start, end).trimEnd().length;
}

/** A scalar as YAML: plain when that reads the same, JSON-quoted otherwise. */
function scalar(value: unknown): string {
  if (typeof value === 'string' && PLAIN.test(value) && !RESERVED.test(value)) return value;
  return JSON.stringify(value);
}

const PLAIN = /^[A-Za-z_/][\w./@+-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function eolOf(text: string): string {
  return text.match(/\r?\n/)?.[0] ?? '\n';
}
