import {
  applyEdits,
  modify,
  parseTree,
  type FormattingOptions,
  type JSONPath,
  type ParseError,
} from 'jsonc-parser';
import {
  placePath,
  policyText,
  readPolicy,
  withEntryAt,
  type EntryInput,
  type EntryPlace,
} from './policy-edit';

/** The indentation and line ends the person's text already uses, so an edit reads like theirs. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/**
 * Writes one tool entry into the document's text at its place, changing only that part, so the
 * saved revision keeps the person's formatting and the history diff shows just the rule. If the
 * text cannot be edited in place (it does not parse, or the in-place result differs from the
 * intended document, as with duplicate keys), the whole document is written out again instead.
 */
export function writeEntry(text: string, place: EntryPlace, entry: EntryInput | undefined): string {
  const intended = withEntryAt(readPolicy(text), place, entry);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors);
  if (errors.length > 0 || root?.type !== 'object') return policyText(intended);

  const formattingOptions = detectFormatting(text);
  const edit = (current: string, path: JSONPath, value: unknown) =>
    applyEdits(current, modify(current, path, value, { formattingOptions }));

  const path = placePath(place);
  const before = at(readPolicy(text), path);
  let next =
    before !== undefined && entry !== undefined
      ? editInside(text, path, before, entry)
      : edit(text, path, entry);
  if (entry === undefined) {
    // Prune only the objects this removal left empty, innermost first; the top-level `tools` stays.
    for (let end = path.length - 1; end >= 1; end--) {
      const parent = path.slice(0, end);
      if (parent.length === 1 && parent[0] === 'tools') break;
      if (!isEmptyObject(at(readPolicy(next), parent))) break;
      next = edit(next, parent, undefined);
    }
  }
  return sameJson(readPolicy(next), intended) ? next : policyText(intended);
}

/**
 * Edits only the parts of a value that changed, key by key, so what the person did not touch keeps
 * its bytes (an inline `{ "window": "minute", "max": 30 }` stays on its line). A new `action` goes
 * first in its object, where people write it.
 */
function editInside(text: string, path: JSONPath, before: unknown, after: unknown): string {
  if (sameJson(before, after)) return text;
  const formattingOptions = detectFormatting(text);
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return after.reduce<string>((out, item, i) => editInside(out, [...path, i], before[i], item), text);
  }
  if (!isPlainObject(before) || !isPlainObject(after)) {
    return applyEdits(text, modify(text, path, after, { formattingOptions }));
  }
  let out = text;
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key))
      out = applyEdits(out, modify(out, [...path, key], undefined, { formattingOptions }));
  }
  for (const [key, value] of Object.entries(after)) {
    if (Object.hasOwn(before, key)) {
      out = editInside(out, [...path, key], before[key], value);
    } else {
      const getInsertionIndex = (properties: string[]) => (key === 'action' ? 0 : properties.length);
      out = applyEdits(out, modify(out, [...path, key], value, { formattingOptions, getInsertionIndex }));
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
