import { describe, expect, it } from 'vitest';
import {
  diffLines,
  diffStats,
  foldUnchanged,
  splitLines,
} from '../../../renderer/src/features/policies/line-diff';

const text = (...lines: string[]) => lines.map((line) => `${line}\n`).join('');
const compact = (lines: ReturnType<typeof diffLines>) =>
  lines.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'add' ? '+' : '-'}${l.text}`);

describe('splitLines', () => {
  it('does not make a line of the final newline, and reads every line ending', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\r\nb\rc')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
  });
});

describe('diffLines', () => {
  it('shows nothing but kept lines for equal texts', () => {
    const lines = diffLines(text('a', 'b'), text('a', 'b'));
    expect(lines.every((l) => l.kind === 'same')).toBe(true);
    expect(diffStats(lines)).toEqual({ added: 0, removed: 0 });
  });

  it('finds a changed line in the middle, removal before addition', () => {
    expect(compact(diffLines(text('a', 'b', 'c'), text('a', 'B', 'c')))).toEqual([' a', '-b', '+B', ' c']);
  });

  it('keeps the longest common subsequence, not just the common ends', () => {
    const old = text('{', '  "x": 1,', '  "y": 2,', '  "z": 3', '}');
    const now = text('{', '  "w": 0,', '  "x": 1,', '  "z": 3,', '  "q": 4', '}');
    const lines = diffLines(old, now);
    expect(compact(lines)).toEqual([
      ' {',
      '+  "w": 0,',
      '   "x": 1,',
      '-  "y": 2,',
      '-  "z": 3',
      '+  "z": 3,',
      '+  "q": 4',
      ' }',
    ]);
    expect(diffStats(lines)).toEqual({ added: 3, removed: 2 });
  });

  it('numbers lines on each side', () => {
    const lines = diffLines(text('a', 'b', 'c'), text('a', 'x', 'y', 'c'));
    expect(lines.map((l) => [l.kind, l.oldLine, l.newLine])).toEqual([
      ['same', 1, 1],
      ['del', 2, undefined],
      ['add', undefined, 2],
      ['add', undefined, 3],
      ['same', 3, 4],
    ]);
  });

  it('handles texts that are empty on one side', () => {
    expect(compact(diffLines('', text('a', 'b')))).toEqual(['+a', '+b']);
    expect(compact(diffLines(text('a'), ''))).toEqual(['-a']);
  });

  it('falls back to remove-then-add when the table would be too big, still exact at the ends', () => {
    const lines = diffLines(text('keep', 'a', 'b', 'end'), text('keep', 'b', 'a', 'end'), 1);
    expect(compact(lines)).toEqual([' keep', '-a', '-b', '+b', '+a', ' end']);
  });

  it('is quick on a large document with a few changes', () => {
    const old = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    const now = old.slice();
    now[100] = 'changed';
    now.splice(15_000, 1);
    const started = performance.now();
    const stats = diffStats(diffLines(text(...old), text(...now)));
    expect(stats).toEqual({ added: 1, removed: 2 });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('diffLines against a brute-force LCS', () => {
  function lcsLength(a: string[], b: string[]): number {
    const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        table[i]![j] =
          a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
      }
    }
    return table[0]![0]!;
  }

  // A small deterministic generator, so a failure can be replayed.
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }

  it('keeps a longest common subsequence and rebuilds both texts, for many random pairs', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const make = () =>
        Array.from({ length: Math.floor(next() * 12) }, () => 'abcd'[Math.floor(next() * 4)]!);
      const a = make();
      const b = make();
      const lines = diffLines(text(...a), text(...b));
      expect(lines.filter((l) => l.kind !== 'add').map((l) => l.text)).toEqual(a);
      expect(lines.filter((l) => l.kind !== 'del').map((l) => l.text)).toEqual(b);
      expect(lines.filter((l) => l.kind === 'same')).toHaveLength(lcsLength(a, b));
    }
  });
});

describe('foldUnchanged', () => {
  it('keeps changes with their context and counts what it folds', () => {
    const old = text(...'abcdefghijklmnop'.split(''));
    const now = text(...'abcdefgXijklmnop'.split(''));
    const rows = foldUnchanged(diffLines(old, now), 2);
    expect(
      rows.map((r) =>
        r.kind === 'skip'
          ? `…${r.count}`
          : `${r.kind === 'same' ? ' ' : r.kind === 'add' ? '+' : '-'}${r.text}`,
      ),
    ).toEqual(['…5', ' f', ' g', '-h', '+X', ' i', ' j', '…6']);
  });

  it('folds everything when nothing changed', () => {
    expect(foldUnchanged(diffLines(text('a', 'b'), text('a', 'b')))).toEqual([{ kind: 'skip', count: 2 }]);
  });
});
