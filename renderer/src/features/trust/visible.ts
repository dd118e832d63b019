/**
 * Text a server controls, in a form that shows every character: controls, line breaks, format
 * characters (zero-width, bidi, tags), separators, lone surrogates and other default-ignorable
 * code points become escape tokens such as `\u{200B}`. Poisoned descriptions hide instructions in
 * exactly these, so the Trust page must show them.
 *
 * Another branch adds one shared helper for this (shared/visible-text.ts); once it is merged this
 * module should become a thin use of it.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
const SHORT: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

export type VisiblePart = { kind: 'text'; text: string } | { kind: 'escape'; text: string; label: string };

/** `lineBreaks`: keep line feeds as line breaks (for indented JSON, whose newlines are its own). */
export function visibleParts(text: string, { lineBreaks = false } = {}): VisiblePart[] {
  const parts: VisiblePart[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN)) {
    const code = match[0].codePointAt(0)!;
    if (lineBreaks && code === 0x0a) continue;
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    parts.push({ kind: 'escape', text: SHORT[code] ?? `\\u{${hex}}`, label: `U+${hex}` });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
