/**
 * Characters a person reading a tool description would not see, but a model reads: controls (an
 * ANSI escape can hide the rest of a line in a terminal), format characters (zero-width spaces and
 * joiners, bidi overrides that reorder text, Unicode tag characters that spell ASCII no one can
 * see), line and paragraph separators, lone surrogates, and other default-ignorable code points.
 *
 * A shared visible-text helper is being written alongside this (shared/visible-text.ts on another
 * branch); this module only detects, for the scanner.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/** Line breaks and tabs are how descriptions are laid out; they show as themselves. */
const LAYOUT = new Set([0x09, 0x0a, 0x0d]);
/** Emoji presentation selectors, and the joiner inside emoji sequences (👩‍💻), are ordinary text. */
const PRESENTATION = new Set([0xfe0e, 0xfe0f]);
const ZWJ = 0x200d;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

export interface HiddenCharacters {
  /** How many hidden characters, and the distinct ones, as `U+200B`. */
  count: number;
  codePoints: string[];
  /** Where the first one is (UTF-16 index). */
  first: number;
  /** ASCII spelled in Unicode tag characters (U+E0020–E007E), which no font draws. */
  tagText: string;
}

export function findHiddenCharacters(text: string): HiddenCharacters | undefined {
  let count = 0;
  let first = -1;
  let tagText = '';
  const seen = new Set<string>();
  for (const match of text.matchAll(HIDDEN)) {
    const char = match[0];
    const index = match.index;
    const code = char.codePointAt(0)!;
    if (LAYOUT.has(code) || PRESENTATION.has(code)) continue;
    if (code === ZWJ && PICTOGRAPHIC.test(text.slice(Math.max(0, index - 2), index))) continue;
    count++;
    if (first === -1) first = index;
    seen.add(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    if (code >= 0xe0020 && code <= 0xe007e) tagText += String.fromCharCode(code - 0xe0000);
  }
  if (count === 0) return undefined;
  return { count, codePoints: [...seen].slice(0, 12), first, tagText };
}
