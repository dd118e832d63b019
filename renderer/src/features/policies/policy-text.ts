import {
  applyEdits,
  modify,
  parseTree,
  type FormattingOptions,
  type JSONPath,
  type ParseError,
} from 'jsonc-parser';
import { policyText, readPolicy, withServerToolEntry, type EntryInput } from './policy-edit';

/** The indentation and line ends the person's text already uses, so an edit reads like theirs. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/**
 * Writes one tool's server-scope rule into the document's text, changing only that part, so the
 * saved revision keeps the person's formatting and the history diff shows just the rule. If the
 * text cannot be edited in place (it does not parse, or the in-place result differs from the
 * intended document, as with duplicate keys), the whole document is written out again instead.
 */
export function writeServerToolEntry(
  text: string,
  server: string,
  tool: string,
  entry: EntryInput | undefined,
): string {
  const intended = withServerToolEntry(readPolicy(text), server, tool, entry);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors);
  if (errors.length > 0 || root?.type !== 'object') return policyText(intended);

  const formattingOptions = detectFormatting(text);
  const edit = (current: string, path: JSONPath, value: unknown) =>
    applyEdits(current, modify(current, path, value, { formattingOptions }));

  let next = edit(text, ['servers', server, 'tools', tool], entry);
  if (entry === undefined) {
    // Prune only the scopes this removal left empty, innermost first.
    const tools = at(readPolicy(next), ['servers', server, 'tools']);
    if (isEmptyObject(tools)) next = edit(next, ['servers', server, 'tools'], undefined);
    if (isEmptyObject(at(readPolicy(next), ['servers', server])))
      next = edit(next, ['servers', server], undefined);
    if (isEmptyObject(at(readPolicy(next), ['servers']))) next = edit(next, ['servers'], undefined);
  }
  return sameJson(readPolicy(next), intended) ? next : policyText(intended);
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function isEmptyObject(value: unknown): boolean {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** Re-indents valid JSON text (the editor's "Format"); text that does not parse is returned unchanged. */
export function formatPolicyText(text: string): string {
  try {
    return policyText(readPolicy(text));
  } catch {
    return text;
  }
}
