import { visibleParts, type VisiblePart } from '../../../../shared/visible-text';

/**
 * The arguments of a waiting call, prepared for a person to judge: pretty-printed JSON, long
 * strings folded, redacted values marked as such, and characters that would hide or reorder text
 * shown as escapes (shared/visible-text). What is shown is exactly what the gateway holds
 * (redactions aside), never a nicer-looking version of it.
 */

export type ArgNode =
  | { kind: 'object'; entries: { key: VisiblePart[]; value: ArgNode }[] }
  | { kind: 'array'; items: ArgNode[] }
  /** `parts` is the value as a JSON string literal; `fold` is set when it is long. */
  | { kind: 'string'; parts: VisiblePart[]; fold?: Fold }
  /** A value the gateway hid (a secret) or could not show (nested too deeply). */
  | { kind: 'redacted'; marker: string; label: string }
  /** Numbers, booleans and null, as JSON writes them. */
  | { kind: 'literal'; text: string };

export interface Fold {
  /** The start of the text, shown until the person asks for all of it. */
  preview: VisiblePart[];
  /** How many characters the preview leaves out. */
  hidden: number;
}

export type ArgsView =
  | { kind: 'json'; root: ArgNode }
  /** Not JSON: shown as it came. `shortened` when the gateway cut it to a preview. */
  | { kind: 'text'; parts: VisiblePart[]; shortened: boolean };

export interface FoldLimits {
  /** Strings longer than this (as shown) are folded… */
  foldAbove: number;
  /** …to this many characters. */
  previewChars: number;
}

export const defaultFoldLimits: FoldLimits = { foldAbove: 240, previewChars: 160 };

/** What the gateway's redaction writes in place of a value (main/redact). */
const markers: Record<string, string> = {
  '[REDACTED]': 'Hidden by Portcullis because it looks like a secret. The server receives the real value.',
  '[TOO DEEP]': 'Nested too deeply to show.',
};

export function argsView(text: string, limits: FoldLimits = defaultFoldLimits): ArgsView {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // The gateway cuts long arguments with "…" (and a "[truncated N chars]" note past 64 kB).
    return {
      kind: 'text',
      parts: visibleParts(text),
      shortened: /…(\[truncated \d+ chars\])?$/.test(text),
    };
  }
  return { kind: 'json', root: toNode(value, limits) };
}

function toNode(value: unknown, limits: FoldLimits): ArgNode {
  if (typeof value === 'string') {
    const label = markers[value];
    if (label !== undefined) return { kind: 'redacted', marker: value, label };
    const parts = displayString(value);
    const fold = foldParts(parts, limits);
    return fold ? { kind: 'string', parts, fold } : { kind: 'string', parts };
  }
  if (Array.isArray(value)) return { kind: 'array', items: value.map((item) => toNode(item, limits)) };
  if (value !== null && typeof value === 'object') {
    return {
      kind: 'object',
      entries: Object.entries(value).map(([key, item]) => ({
        key: displayString(key),
        value: toNode(item, limits),
      })),
    };
  }
  return { kind: 'literal', text: String(JSON.stringify(value)) };
}

/** A JSON string literal, with every character that would not show as itself as an escape. */
export function displayString(value: string): VisiblePart[] {
  return [{ kind: 'text', text: '"' }, ...visibleParts(value, 'json'), { kind: 'text', text: '"' }];
}

/**
 * The preview of a long string: its first characters as shown, an escape taken whole or not at
 * all, and a character made of two UTF-16 units never cut in half.
 */
export function foldParts(
  parts: readonly VisiblePart[],
  limits: FoldLimits = defaultFoldLimits,
): Fold | undefined {
  const length = parts.reduce((sum, part) => sum + part.text.length, 0);
  if (length <= limits.foldAbove) return undefined;
  const preview: VisiblePart[] = [];
  let room = limits.previewChars;
  for (const part of parts) {
    if (part.kind === 'escape') {
      if (part.text.length > room) break;
      preview.push(part);
      room -= part.text.length;
      continue;
    }
    let end = Math.min(room, part.text.length);
    const last = part.text.charCodeAt(end - 1);
    if (end < part.text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    if (end > 0) preview.push({ kind: 'text', text: part.text.slice(0, end) });
    room -= end;
    if (end < part.text.length) break;
  }
  const shown = preview.reduce((sum, part) => sum + part.text.length, 0);
  return { preview, hidden: length - shown };
}

export function isEmptyArgs(view: ArgsView): boolean {
  return view.kind === 'json' && view.root.kind === 'object' && view.root.entries.length === 0;
}
