/**
 * Text that a client or a server controls (names, versions, descriptions, arguments, error texts)
 * in the form a person may read it: every character that would not show as itself becomes a
 * visible escape. Controls (C0, DEL, C1) could move the cursor, clear a terminal or start an
 * escape sequence; line breaks and tabs could forge rows and columns; bidi controls reorder what
 * follows them (`\u202E` makes `exe.txt` read as `txt.exe`); zero-width and other invisible
 * characters make two different names look the same. The dashboard, the CLI, the popup, the tray
 * and notifications all go through here, so they all show the same thing.
 */

/** A run of text that shows as itself, or one character written as an escape. */
export type VisiblePart =
  | { kind: 'text'; text: string }
  | {
      kind: 'escape';
      /** How it is written: `\n`, `\x1b`, `\u{202E}`. */
      text: string;
      codePoint: number;
      /** What the character is, for a tooltip or a screen reader: `right-to-left override`. */
      name: string;
    };

/**
 * How a literal backslash in the text is written.
 * - `marked`: as itself. For the dashboard, where an escape is a styled token that typed text
 *   cannot imitate.
 * - `plain`: doubled, so that text typed as `\n` (`\\n`) cannot pass for an escape (`\n`). For
 *   terminals, tooltips, notifications and menus, where there is no styling.
 * - `json`: doubled, and `"` written `\"`: the inside of a JSON string literal.
 */
export type EscapeStyle = 'marked' | 'plain' | 'json';

/**
 * Characters that never show as themselves: controls (Cc), format characters (Cf: bidi controls,
 * zero-width characters, tags…), line and paragraph separators, lone surrogates, and the rest of
 * Unicode's default-ignorable code points (Hangul fillers, variation selectors, U+034F…), which
 * fonts draw as nothing.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const NONSPACING_MARK = /[\p{Mn}\p{Me}]/u;

/** What `visibleParts` has to look at: a character that may be hidden, or a mark that may be one too many. */
const CANDIDATE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}]/gu;

/**
 * Combining marks stacked on one character beyond this are escaped: real text needs a few
 * (Vietnamese two, pointed Hebrew up to four), while hundreds ("Zalgo") spill over the rows above
 * and below and can cover them.
 */
export const MAX_MARKS_PER_CHARACTER = 4;

/** VS15 and VS16: text or emoji presentation, which legitimately follow a visible character (❤️). */
const PRESENTATION_SELECTORS = new Set([0xfe0e, 0xfe0f]);

const SHORT_ESCAPES: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

const NAMES: Record<number, string> = {
  0x00: 'null',
  0x07: 'bell',
  0x08: 'backspace (can overwrite the character before it)',
  0x09: 'tab',
  0x0a: 'line feed (new line)',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return (can overwrite the line from its start)',
  0x1b: 'escape (starts a terminal control sequence)',
  0x7f: 'delete',
  0x85: 'next line',
  0x9b: 'control sequence introducer',
  0xad: 'soft hyphen',
  0x034f: 'combining grapheme joiner',
  0x061c: 'Arabic letter mark',
  0x115f: 'Hangul choseong filler',
  0x1160: 'Hangul jungseong filler',
  0x180e: 'Mongolian vowel separator',
  0x200b: 'zero width space',
  0x200c: 'zero width non-joiner',
  0x200d: 'zero width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2028: 'line separator',
  0x2029: 'paragraph separator',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override (shows the text after it reversed)',
  0x2060: 'word joiner',
  0x2061: 'function application',
  0x2062: 'invisible times',
  0x2063: 'invisible separator',
  0x2064: 'invisible plus',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
  0x3164: 'Hangul filler',
  0xfeff: 'zero width no-break space (byte order mark)',
  0xffa0: 'halfwidth Hangul filler',
};

function nameOf(codePoint: number, excessMark: boolean): string {
  if (excessMark) return `combining mark beyond the ${MAX_MARKS_PER_CHARACTER} shown on one character`;
  const known = NAMES[codePoint];
  if (known) return known;
  if (codePoint <= 0x9f) return 'control character';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'lone surrogate (half of a character)';
  if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef))
    return 'variation selector';
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'tag character';
  return 'invisible formatting character';
}

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase();
}

function escapeOf(codePoint: number): string {
  const short = SHORT_ESCAPES[codePoint];
  if (short) return short;
  if (codePoint <= 0xff) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  return `\\u{${hex(codePoint).padStart(4, '0')}}`;
}

/** How a tooltip or a screen reader names an escape: `U+202E right-to-left override`. */
export function escapeLabel(part: Extract<VisiblePart, { kind: 'escape' }>): string {
  return `U+${hex(part.codePoint).padStart(4, '0')} ${part.name}`;
}

function literal(text: string, style: EscapeStyle): string {
  if (style === 'marked') return text;
  const doubled = text.replaceAll('\\', '\\\\');
  return style === 'json' ? doubled.replaceAll('"', '\\"') : doubled;
}

/** The text split into runs that show as themselves and escapes, in order. */
export function visibleParts(value: string, style: EscapeStyle = 'marked'): VisiblePart[] {
  // Most names and texts are printable ASCII: nothing to look at character by character.
  if (PRINTABLE_ASCII.test(value)) return value ? [{ kind: 'text', text: literal(value, style) }] : [];
  const parts: VisiblePart[] = [];
  /** Where the text not yet in `parts` starts, and where the last character looked at ends. */
  let start = 0;
  let previousEnd = 0;
  /** Combining marks in a row up to here. */
  let marks = 0;
  /** Where the last character shown as itself, other than a selector, ends: a presentation selector may follow it. */
  let shownEnd = -1;
  // Only characters that might be escaped are looked at: what lies between them shows as itself
  // (and is neither a mark nor a selector).
  for (const match of value.matchAll(CANDIDATE)) {
    const char = match[0];
    const at = match.index;
    const end = at + char.length;
    if (at > previousEnd) {
      marks = 0;
      shownEnd = at;
    }
    previousEnd = end;
    const codePoint = char.codePointAt(0)!;
    const mark = NONSPACING_MARK.test(char);
    marks = mark ? marks + 1 : 0;
    const selector = PRESENTATION_SELECTORS.has(codePoint);
    const hiddenCharacter = HIDDEN.test(char) && !(selector && shownEnd === at);
    const oneMarkTooMany = mark && marks > MAX_MARKS_PER_CHARACTER;
    if (!hiddenCharacter && !oneMarkTooMany) {
      if (!selector) shownEnd = end;
      continue;
    }
    if (at > start) parts.push({ kind: 'text', text: literal(value.slice(start, at), style) });
    // Named for why it is escaped: variation selectors are marks too, but escaped as hidden.
    parts.push(escapePart(codePoint, !hiddenCharacter));
    start = end;
  }
  if (start < value.length) parts.push({ kind: 'text', text: literal(value.slice(start), style) });
  return parts;
}

/** One part per character and kind, made once: a long run of the same trick costs no new objects. */
const escapeParts = new Map<number, Extract<VisiblePart, { kind: 'escape' }>>();

function escapePart(codePoint: number, excessMark: boolean): VisiblePart {
  const key = excessMark ? -codePoint - 1 : codePoint;
  let part = escapeParts.get(key);
  if (!part) {
    part = { kind: 'escape', text: escapeOf(codePoint), codePoint, name: nameOf(codePoint, excessMark) };
    if (escapeParts.size < 4096) escapeParts.set(key, part);
  }
  return part;
}

/**
 * The visible form as plain text, for places with no styling (terminals, tooltips, menus,
 * notifications): escapes written out, literal backslashes doubled so that they stay unambiguous.
 */
export function visibleText(value: string): string {
  return visibleParts(value, 'plain')
    .map((part) => part.text)
    .join('');
}

/** Whether any character of the text would be shown as an escape. */
export function hasHiddenCharacters(value: string): boolean {
  return visibleParts(value).some((part) => part.kind === 'escape');
}
