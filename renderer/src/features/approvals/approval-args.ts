/**
 * The arguments of a waiting call, prepared for a person to judge: pretty-printed JSON, long
 * strings folded, redacted values marked as such, and characters that would hide or reorder text
 * shown as escapes. What is shown is exactly what the gateway holds (redactions aside), never a
 * nicer-looking version of it.
 */

export type ArgNode =
  | { kind: 'object'; entries: { key: string; value: ArgNode }[] }
  | { kind: 'array'; items: ArgNode[] }
  /** `text` is the value as a JSON string literal; `fold` is set when it is long. */
  | { kind: 'string'; text: string; fold?: Fold }
  /** A value the gateway hid (a secret) or could not show (nested too deeply). */
  | { kind: 'redacted'; marker: string; label: string }
  /** Numbers, booleans and null, as JSON writes them. */
  | { kind: 'literal'; text: string };

export interface Fold {
  /** The start of the text, shown until the person asks for all of it. */
  preview: string;
  /** How many characters the preview leaves out. */
  hidden: number;
}

export type ArgsView =
  | { kind: 'json'; root: ArgNode }
  /** Not JSON: shown as it came. `shortened` when the gateway cut it to a preview. */
  | { kind: 'text'; text: string; shortened: boolean };

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
    return { kind: 'text', text, shortened: /…(\[truncated \d+ chars\])?$/.test(text) };
  }
  return { kind: 'json', root: toNode(value, limits) };
}

function toNode(value: unknown, limits: FoldLimits): ArgNode {
  if (typeof value === 'string') {
    const label = markers[value];
    if (label !== undefined) return { kind: 'redacted', marker: value, label };
    const text = displayString(value);
    const fold = foldText(text, limits);
    return fold ? { kind: 'string', text, fold } : { kind: 'string', text };
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

/**
 * Characters that render as nothing or reorder the text around them (zero-width, bidi controls),
 * which could make an argument read as something it is not. Written as `\uXXXX` escapes.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** A JSON string literal, with invisible and direction-changing characters made visible. */
export function displayString(value: string): string {
  return JSON.stringify(value).replace(
    INVISIBLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function foldText(text: string, limits: FoldLimits = defaultFoldLimits): Fold | undefined {
  if (text.length <= limits.foldAbove) return undefined;
  // Never cut a surrogate pair in half: the preview would end in a broken character.
  let end = limits.previewChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { preview: text.slice(0, end), hidden: text.length - end };
}

export function isEmptyArgs(view: ArgsView): boolean {
  return view.kind === 'json' && view.root.kind === 'object' && view.root.entries.length === 0;
}
