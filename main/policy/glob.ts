/**
 * Globs, for tool names and the `glob` test: `*` matches any run of characters (including none),
 * `?` exactly one code point; everything else is literal.
 *
 * Matching cannot backtrack: the pattern is split on `*`; the first piece must match at the start,
 * the last at the end, and each piece between is found leftmost, in order, by a bit-parallel scan
 * (Shift-And, which handles `?` inside a piece). Taking the leftmost place for each middle piece is
 * never wrong, because a later piece can only gain from more text being left. The cost is the text's
 * length times the pieces' length in 32-character words, whatever the pattern.
 */
export interface Glob {
  pattern: string;
  /** The literal text before the first wildcard, checked first because most names fail there cheaply. */
  prefix: string;
  /** Literal characters: more of them is more specific. */
  literals: number;
  wildcards: number;
  /** Code points, ANY for `?`. Without a `*`, `head` is the whole pattern and `tail` is undefined. */
  head: number[];
  middle: Piece[];
  tail: number[] | undefined;
}

const ANY = -1;

/** A middle piece with its Shift-And tables: for each code point, the positions it may take. */
interface Piece {
  length: number;
  words: number;
  masks: Map<number, Uint32Array>;
  /** The positions `?` takes: what any other code point may match. */
  wild: Uint32Array;
}

export function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

export function compileGlob(pattern: string): Glob {
  const pieces = pattern
    .split('*')
    .map((piece) => Array.from(piece, (c) => (c === '?' ? ANY : c.codePointAt(0)!)));
  const starred = pieces.length > 1;
  const firstWildcard = pattern.search(/[*?]/);
  let literals = 0;
  let wildcards = pieces.length - 1;
  for (const piece of pieces) {
    for (const c of piece) {
      if (c === ANY) wildcards++;
      else literals++;
    }
  }
  return {
    pattern,
    prefix: firstWildcard === -1 ? pattern : pattern.slice(0, firstWildcard),
    literals,
    wildcards,
    head: pieces[0]!,
    middle: starred
      ? pieces
          .slice(1, -1)
          .filter((p) => p.length > 0)
          .map(shiftAnd)
      : [],
    tail: starred ? pieces.at(-1)! : undefined,
  };
}

/** The code points of a text, which is what `?` counts. Compute once to test one name against many globs. */
export function codePoints(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0)!);
}

export function globMatches(glob: Glob, text: string, known?: number[]): boolean {
  if (!text.startsWith(glob.prefix)) return false;
  const points = known ?? codePoints(text);
  const { head, tail } = glob;
  if (tail === undefined) return points.length === head.length && matchesAt(head, points, 0);
  if (points.length < head.length + tail.length) return false;
  if (!matchesAt(head, points, 0) || !matchesAt(tail, points, points.length - tail.length)) return false;
  let from = head.length;
  const end = points.length - tail.length;
  for (const piece of glob.middle) {
    const at = find(piece, points, from, end);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

function matchesAt(piece: number[], points: number[], at: number): boolean {
  for (let i = 0; i < piece.length; i++) {
    if (piece[i] !== ANY && piece[i] !== points[at + i]) return false;
  }
  return true;
}

function shiftAnd(piece: number[]): Piece {
  const words = Math.ceil(piece.length / 32);
  const wild = new Uint32Array(words);
  piece.forEach((c, i) => {
    if (c === ANY) wild[i >>> 5]! |= 1 << (i & 31);
  });
  const masks = new Map<number, Uint32Array>();
  piece.forEach((c, i) => {
    if (c === ANY) return;
    let mask = masks.get(c);
    if (!mask) masks.set(c, (mask = Uint32Array.from(wild)));
    mask[i >>> 5]! |= 1 << (i & 31);
  });
  return { length: piece.length, words, masks, wild };
}

/** Where `piece` first matches wholly inside points[from, end), or -1. One pass, no backtracking. */
function find(piece: Piece, points: number[], from: number, end: number): number {
  const { words, length } = piece;
  const state = new Uint32Array(words);
  const lastWord = (length - 1) >>> 5;
  const lastBit = 1 << ((length - 1) & 31);
  for (let i = from; i < end; i++) {
    const mask = piece.masks.get(points[i]!) ?? piece.wild;
    // state = ((state << 1) | 1) & mask, across words: each word takes the previous word's top bit.
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const word = state[w]!;
      state[w] = ((word << 1) | carry) & mask[w]!;
      carry = word >>> 31;
    }
    if ((state[lastWord]! & lastBit) !== 0) return i - length + 1;
  }
  return -1;
}

/**
 * The documented tie-break between globs that match the same name: more literal characters wins,
 * then fewer wildcards, then the pattern that sorts first. Never the order keys were written in.
 */
export function bySpecificity(a: Glob, b: Glob): number {
  return (
    b.literals - a.literals ||
    a.wildcards - b.wildcards ||
    (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0)
  );
}
