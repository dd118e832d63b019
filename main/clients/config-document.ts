import { getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { FormattingOptions, Node, ParseError } from 'jsonc-parser';
import { ConfigParseError } from './types';

export const SERVERS_KEY = 'mcpServers';

/** One `mcpServers` property, in file order. */
export interface ConfigEntry {
  name: string;
  value: unknown;
  /** The entry's value node, for positions and source slices. */
  node: Node;
  /** Why this entry must not be edited, when its keys are ambiguous. */
  problem?: string;
}

/** A parsed JSON/JSONC client config, with what is needed to edit it without disturbing it. */
export interface ConfigDocument {
  file: string;
  /** A UTF-8 byte order mark, kept aside so offsets match what editors show and so it is written back. */
  bom: string;
  text: string;
  formatting: FormattingOptions;
  entries: ConfigEntry[];
}

const UTF8_BOM = '\uFEFF';

/** Parse a config file's bytes; throws ConfigParseError for anything it would be unsafe to edit. */
export function parseConfigDocument(file: string, bytes: Uint8Array): ConfigDocument {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ConfigParseError(file, 1, 1, 'the file is not valid UTF-8 text');
  }
  const bom = decoded.startsWith(UTF8_BOM) ? UTF8_BOM : '';
  const text = decoded.slice(bom.length);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: false,
    allowTrailingComma: true,
    allowEmptyContent: true,
  });
  const first = errors[0];
  if (first) throw errorAt(file, text, first.offset, describeParseError(first));
  const document = { file, bom, text, formatting: detectFormatting(text, root), entries: [] };
  if (root === undefined) return document;
  if (root.type !== 'object') throw errorAt(file, text, root.offset, 'the top level is not a JSON object');
  const servers = propertyValue(root, SERVERS_KEY);
  if (servers === undefined) return document;
  const repeated = duplicateKeys(root).find((key) => key.value === SERVERS_KEY);
  // Clients read the last one and editors the first: there is no safe edit.
  if (repeated) throw errorAt(file, text, repeated.offset, `"${SERVERS_KEY}" appears more than once`);
  if (servers.type !== 'object')
    throw errorAt(file, text, servers.offset, `"${SERVERS_KEY}" is not an object`);
  return { ...document, entries: entriesOf(servers) };
}

/** The line and column (1-based) of an offset, so the person can go straight to the problem. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function errorAt(file: string, text: string, offset: number, problem: string): ConfigParseError {
  const { line, column } = positionOf(text, offset);
  return new ConfigParseError(file, line, column, problem);
}

function describeParseError(error: ParseError): string {
  // "CloseBraceExpected" reads better as "close brace expected".
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** The value node of a property; the last one wins, as it does for JSON.parse. */
function propertyValue(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) found = property.children[1];
  }
  return found;
}

function entriesOf(servers: Node): ConfigEntry[] {
  const named = (servers.children ?? []).flatMap((property) => {
    const [key, value] = property.children ?? [];
    return key && value ? [{ name: String(key.value), node: value }] : [];
  });
  const counts = new Map<string, number>();
  for (const { name } of named) counts.set(name, (counts.get(name) ?? 0) + 1);
  return named.map(({ name, node }) => {
    const entry: ConfigEntry = { name, node, value: getNodeValue(node) as unknown };
    if ((counts.get(name) ?? 0) > 1) entry.problem = `"${name}" is defined more than once`;
    else if (node.type === 'object' && duplicateKeys(node).length > 0)
      entry.problem = 'the entry repeats a key';
    return entry;
  });
}

/** Key nodes that repeat an earlier key of the same object. */
function duplicateKeys(object: Node): Node[] {
  const seen = new Set<unknown>();
  const repeated: Node[] = [];
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    if (!key) continue;
    if (seen.has(key.value)) repeated.push(key);
    seen.add(key.value);
  }
  return repeated;
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
