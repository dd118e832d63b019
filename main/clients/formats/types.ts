import { ConfigParseError } from '../types';

/**
 * Where a server map lives in a config file. A `*` segment matches every key at that level
 * (Claude Code's `projects.*.mcpServers`, Codex's `profiles.*.mcp_servers`). `list` maps are
 * sequences of objects keyed by their `name` field (Continue's `mcpServers`).
 */
export interface MapSpec {
  path: readonly string[];
  kind: 'object' | 'list';
  /** What the client calls this map's servers, for people: `user`, `local: /path`, `profile: work`. */
  scope: string | ((concretePath: readonly string[]) => string);
}

/** One server entry, found in a concrete map. */
export interface EntryRef {
  /** The concrete path of the map it is in (no `*`). */
  map: string[];
  kind: 'object' | 'list';
  name: string;
}

export interface ParsedEntry extends EntryRef {
  value: unknown;
  scope: string;
  /** Why this entry must not be edited, when its keys are ambiguous. */
  problem?: string;
}

/** A parsed client config: the entries of every server map, and what is needed to edit it. */
export interface ParsedConfig {
  file: string;
  /** A UTF-8 byte order mark, kept aside and written back. */
  bom: string;
  /** The text without the BOM. */
  text: string;
  /** The whole document as plain data, for reading settings outside the server maps. */
  data: unknown;
  entries: ParsedEntry[];
}

/** Set (or, with `value: undefined`, remove) one value inside an entry. */
export interface ValueEdit {
  path: string[];
  value: unknown;
}

/** Put a value's original source text back, or remove a value that was not there (`null`). */
export interface SourceRestore {
  path: string[];
  source: string | null;
}

/**
 * One file format. Every edit takes the current text (without BOM) and returns new text,
 * changing only the bytes of the values it is asked to change.
 */
export interface ConfigFormat {
  readonly name: 'JSON' | 'JSONC' | 'YAML' | 'TOML';
  parse(file: string, bytes: Uint8Array, maps: readonly MapSpec[]): ParsedConfig;
  /** The entry's source text when it is one contiguous span (not for TOML tables). */
  entrySource(text: string, ref: EntryRef): string | undefined;
  /** A value's source text inside an entry, or undefined when it is absent. */
  valueSource(text: string, ref: EntryRef, path: string[]): string | undefined;
  setValues(text: string, ref: EntryRef, edits: ValueEdit[]): string;
  /** Replace the entry's whole value; keys keep the order given. */
  replaceEntry(text: string, ref: EntryRef, value: Record<string, unknown>): string;
  /**
   * Add an entry the file does not have (one a client dropped), at the end of its map; the map
   * is created when it is missing. List entries carry their `name` in `value`.
   */
  insertEntry(text: string, ref: EntryRef, value: Record<string, unknown>): string;
  /** Swap the entry's contiguous source for other source text (see `entrySource`). */
  spliceEntry(text: string, ref: EntryRef, source: string): string;
  restoreValues(text: string, ref: EntryRef, restores: SourceRestore[]): string;
  /**
   * Cut each entry out as a small document of its own, from one read of the file (see
   * entry-windows.ts); undefined for an entry that cannot be cut out safely.
   */
  windows?(text: string, refs: readonly EntryRef[]): (EntryWindow | undefined)[];
}

/** An entry as a small document: edits made to `ref` in `text` with `format` are the entry's edits. */
export interface EntryWindow {
  /** The span of the whole file's text this window stands for. */
  start: number;
  end: number;
  text: string;
  ref: EntryRef;
  /** How to edit the small document (JSON: with the whole file's indentation and line ending). */
  format: ConfigFormat;
  /** The span's new text, from the edited small document; throws if the edit left the entry. */
  unwrap(text: string): string;
}

export const UTF8_BOM = '\uFEFF';

/** Decode strictly: a file that is not UTF-8 is not one we can edit without damage. */
export function decodeText(file: string, bytes: Uint8Array): { bom: string; text: string } {
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ConfigParseError(file, 1, 1, 'the file is not valid UTF-8 text');
  }
  const bom = decoded.startsWith(UTF8_BOM) ? UTF8_BOM : '';
  return { bom, text: decoded.slice(bom.length) };
}

/** The line and column (1-based) of an offset, so the person can go straight to the problem. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
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

export function errorAt(file: string, text: string, offset: number, problem: string): ConfigParseError {
  const { line, column } = positionOf(text, offset);
  return new ConfigParseError(file, line, column, problem);
}

/** The concrete paths a spec matches, given a way to list an object's keys at a path. */
export function expandSpec(
  spec: readonly string[],
  keysAt: (path: string[]) => string[] | undefined,
): string[][] {
  let paths: string[][] = [[]];
  for (const segment of spec) {
    const next: string[][] = [];
    for (const path of paths) {
      if (segment === '*') for (const key of keysAt(path) ?? []) next.push([...path, key]);
      else next.push([...path, segment]);
    }
    paths = next;
  }
  return paths;
}

export function scopeOf(spec: MapSpec, path: readonly string[]): string {
  return typeof spec.scope === 'string' ? spec.scope : spec.scope(path);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"x" is defined more than once` for every name that repeats within one map. */
export function markDuplicates(entries: ParsedEntry[]): void {
  const counts = new Map<string, number>();
  const key = (e: ParsedEntry) => `${JSON.stringify(e.map)}\u0000${e.name}`;
  for (const entry of entries) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
  for (const entry of entries) {
    if ((counts.get(key(entry)) ?? 0) > 1 && !entry.problem)
      entry.problem = `"${entry.name}" is defined more than once`;
  }
}
