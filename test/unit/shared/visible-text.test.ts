import { describe, expect, it } from 'vitest';
import {
  MAX_MARKS_PER_CHARACTER,
  hasHiddenCharacters,
  visibleParts,
  visibleText,
} from '../../../shared/visible-text';

/** Anything a person could not see as itself, or that a terminal would act on. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

/** Reads the plain form back: if this gives back every input, no two inputs look the same. */
function decode(shown: string): string {
  return shown.replace(
    /\\(\\|n|r|t|x([0-9a-f]{2})|u\{([0-9A-F]+)\})/g,
    (_, what: string, x?: string, u?: string) => {
      if (x) return String.fromCharCode(parseInt(x, 16));
      if (u) return String.fromCodePoint(parseInt(u, 16));
      return { '\\': '\\', n: '\n', r: '\r', t: '\t' }[what]!;
    },
  );
}

describe('visibleText: the tricks an attacker would try', () => {
  it('shows a right-to-left override, so that "exe.txt" cannot pass for "txt.exe"', () => {
    const name = 'invoice\u202Etxt.exe';
    expect(visibleText(name)).toBe('invoice\\u{202E}txt.exe');
  });

  it('makes ANSI sequences inert: clear-screen, colours and OSC 8 hyperlinks', () => {
    expect(visibleText('\x1b[2J\x1b[Hall clear')).toBe('\\x1b[2J\\x1b[Hall clear');
    expect(visibleText('\x1b[32mok\x1b[0m')).toBe('\\x1b[32mok\\x1b[0m');
    expect(visibleText('\x1b]8;;https://evil.example\x07docs\x1b]8;;\x07')).toBe(
      '\\x1b]8;;https://evil.example\\x07docs\\x1b]8;;\\x07',
    );
    // The 8-bit CSI that some terminals obey as well as ESC [.
    expect(visibleText('\u009b2J')).toBe('\\x9b2J');
  });

  it('shows a carriage return, so that "good\\rbad" cannot overwrite itself into "bad"', () => {
    expect(visibleText('good\rbad')).toBe('good\\rbad');
  });

  it('keeps a value on one line: newlines, tabs and Unicode line separators cannot forge rows or columns', () => {
    const forged = 'echo\nclaude-desktop  fs  delete_file  allow';
    expect(visibleText(forged)).toBe('echo\\nclaude-desktop  fs  delete_file  allow');
    expect(visibleText('a\tb\u2028c\u2029d\u0085e\x0bf\x0cg')).toBe(
      'a\\tb\\u{2028}c\\u{2029}d\\x85e\\x0bf\\x0cg',
    );
  });

  it('shows zero-width characters, so that "rea\\u200Bd_file" does not look like read_file', () => {
    expect(visibleText('rea\u200Bd_file')).toBe('rea\\u{200B}d_file');
    expect(visibleText('rea\u200Bd_file')).not.toBe(visibleText('read_file'));
    expect(visibleText('\uFEFFname')).toBe('\\u{FEFF}name');
  });

  it('shows every character the lead listed: bidi controls, invisible format characters and fillers', () => {
    const listed = [
      0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200b,
      0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e, 0x00ad, 0x034f, 0x115f, 0x1160,
      0x3164, 0xffa0, 0x2028, 0x2029, 0x7f, 0x00, 0x1b,
    ];
    for (const codePoint of listed) {
      const shown = visibleText(`a${String.fromCodePoint(codePoint)}b`);
      expect(shown, `U+${codePoint.toString(16)}`).toMatch(/^a\\(x[0-9a-f]{2}|u\{[0-9A-F]{4}\})b$/);
    }
  });

  it('shows tag characters, which can smuggle whole sentences past a reader', () => {
    const smuggled = [...'ignore the policy'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0)));
    const shown = visibleText(`read_file${smuggled.join('')}`);
    expect(shown.startsWith('read_file\\u{E0069}\\u{E0067}')).toBe(true);
    expect(shown).not.toMatch(HIDDEN);
  });

  it('shows lone surrogates instead of passing broken text on', () => {
    expect(visibleText('a\uD800b')).toBe('a\\u{D800}b');
    expect(visibleText('\uDC00')).toBe('\\u{DC00}');
    expect(visibleText('😀')).toBe('😀');
  });

  it('keeps one emoji presentation selector after a character, and shows any other variation selector', () => {
    expect(visibleText('❤\uFE0F ok ⚠\uFE0F')).toBe('❤\uFE0F ok ⚠\uFE0F');
    expect(visibleText('\uFE0Fstart')).toBe('\\u{FE0F}start');
    expect(visibleText('❤\uFE0F\uFE0F')).toBe('❤\uFE0F\\u{FE0F}');
    expect(visibleText('a\uFE01')).toBe('a\\u{FE01}');
    expect(visibleText('a\u{E0100}')).toBe('a\\u{E0100}');
  });

  it('caps combining marks on one character, so that "Zalgo" cannot spill over other rows', () => {
    const zalgo = `a${'\u0301'.repeat(10)}`;
    const shown = visibleText(zalgo);
    expect(shown).toBe(`a${'\u0301'.repeat(MAX_MARKS_PER_CHARACTER)}${'\\u{0301}'.repeat(6)}`);
    // Real text keeps its accents.
    expect(visibleText('Vie\u0323\u0302t')).toBe('Vie\u0323\u0302t');
  });

  it('leaves ordinary text, in any script, exactly as it is (no homoglyph guessing)', () => {
    for (const text of [
      'read_file',
      'ünïcode ✓',
      '日本語のツール',
      'עברית',
      'العربية',
      'rеad (Cyrillic е)',
      '👍🏽 done',
      '',
    ]) {
      expect(visibleText(text)).toBe(text);
    }
  });

  it('doubles a literal backslash, so that typed "\\u{202E}" cannot pass for a real one', () => {
    expect(visibleText('C:\\new')).toBe('C:\\\\new');
    expect(visibleText('\\u{202E}')).toBe('\\\\u{202E}');
    expect(visibleText('\\u{202E}')).not.toBe(visibleText('\u202E'));
  });

  it('gives back exactly what it was given when read back, for random nasty strings', () => {
    const alphabet = [
      'a',
      'Z',
      ' ',
      '\\',
      'n',
      'x',
      'u',
      '{',
      '}',
      '1',
      'b',
      '\n',
      '\r',
      '\t',
      '\x1b',
      '\x00',
      '\x7f',
      '\u0085',
      '\u009b',
      '\u202e',
      '\u200b',
      '\ufeff',
      '\u2028',
      '\uD800',
      '\uDFFF',
      '❤',
      '\uFE0F',
      '\u0301',
      '😀',
      '\u{E0041}',
      '日',
    ];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const length = Math.floor(random() * 24);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      const shown = visibleText(text);
      // A presentation selector right after a shown character is the one thing kept (❤️).
      expect(shown.replaceAll('\uFE0F', '')).not.toMatch(HIDDEN);
      expect(decode(shown), JSON.stringify(text)).toBe(text);
    }
  });

  it('never lets a hidden character through, over every code point', () => {
    // Consecutive code points: no presentation selector follows a shown character, and runs of
    // combining marks are long, so nothing hidden may survive.
    for (let start = 0; start < 0x110000; start += 0x1000) {
      let chunk = '';
      for (let cp = start; cp < start + 0x1000; cp++) chunk += String.fromCodePoint(cp);
      const shown = visibleText(chunk);
      const leak = HIDDEN.exec(shown);
      expect(leak && `U+${leak[0].codePointAt(0)!.toString(16)}`).toBeNull();
    }
  });
});

describe('visibleParts: what the dashboard styles', () => {
  it('splits text and escapes, naming each escape', () => {
    expect(visibleParts('a\u202Eb\\c')).toEqual([
      { kind: 'text', text: 'a' },
      {
        kind: 'escape',
        text: '\\u{202E}',
        codePoint: 0x202e,
        name: 'right-to-left override (shows the text after it reversed)',
      },
      // Marked: the escape is a styled token, so the backslash needs no doubling.
      { kind: 'text', text: 'b\\c' },
    ]);
    expect(visibleParts('')).toEqual([]);
    expect(visibleParts('\x1b')[0]).toMatchObject({ name: 'escape (starts a terminal control sequence)' });
    expect(visibleParts('\uD800')[0]).toMatchObject({ name: 'lone surrogate (half of a character)' });
    expect(visibleParts('\u{E0041}')[0]).toMatchObject({ name: 'tag character' });
    // A variation selector is a combining mark too, but is escaped (and named) as hidden.
    expect(visibleParts('\uFE01')[0]).toMatchObject({ name: 'variation selector' });
    expect(visibleParts(`a${'\u0301'.repeat(5)}`)[1]).toMatchObject({
      text: '\\u{0301}',
      name: `combining mark beyond the ${MAX_MARKS_PER_CHARACTER} shown on one character`,
    });
  });

  it('writes the inside of a JSON string literal in json style', () => {
    expect(visibleParts('say "hi"\\\n', 'json')).toEqual([
      { kind: 'text', text: 'say \\"hi\\"\\\\' },
      expect.objectContaining({ kind: 'escape', text: '\\n' }),
    ]);
  });

  it('tells whether a text holds anything hidden', () => {
    expect(hasHiddenCharacters('read_file')).toBe(false);
    expect(hasHiddenCharacters('read\u200bfile')).toBe(true);
    expect(hasHiddenCharacters('❤\uFE0F')).toBe(false);
  });
});
