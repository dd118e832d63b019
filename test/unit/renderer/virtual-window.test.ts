import { describe, expect, it } from 'vitest';
import {
  moveIndex,
  scrollToShow,
  visibleRange,
  windowParts,
  type WindowPart,
} from '../../../renderer/src/components/virtual-window';

const base = { count: 100_000, rowHeight: 36, viewportHeight: 360, overscan: 5 };

/** Heights add up to the whole list whatever is rendered: the scrollbar never jumps. */
function totalRows(parts: WindowPart[]): number {
  return parts.reduce((sum, part) => sum + (part.kind === 'row' ? 1 : part.rows), 0);
}

describe('the rows a virtual table renders', () => {
  it('renders a screenful plus overscan, wherever it is scrolled, and stands in for the rest', () => {
    const parts = windowParts({ ...base, scrollTop: 36 * 50_000 });
    const rows = parts.filter((part) => part.kind === 'row');
    expect(rows.length).toBeLessThanOrEqual(10 + 1 + 2 * 5);
    expect(rows[0]).toEqual({ kind: 'row', index: 49_995 });
    expect(totalRows(parts)).toBe(100_000);
    expect(parts[0]).toEqual({ kind: 'gap', from: 0, rows: 49_995 });
  });

  it('keeps the focused row rendered when it scrolls far out of view, in its own place', () => {
    const below = windowParts({ ...base, scrollTop: 0, pinned: 70_000 });
    expect(below.slice(-3)).toEqual([
      { kind: 'gap', from: 16, rows: 70_000 - 16 },
      { kind: 'row', index: 70_000 },
      { kind: 'gap', from: 70_001, rows: 100_000 - 70_001 },
    ]);
    expect(totalRows(below)).toBe(100_000);
    const above = windowParts({ ...base, scrollTop: 36 * 900, pinned: 3 });
    expect(above.slice(0, 3)).toEqual([
      { kind: 'gap', from: 0, rows: 3 },
      { kind: 'row', index: 3 },
      { kind: 'gap', from: 4, rows: 895 - 4 },
    ]);
    expect(totalRows(above)).toBe(100_000);
  });

  it('copes with an empty list, a short one, and a scroll past the end', () => {
    expect(windowParts({ ...base, count: 0, scrollTop: 0 })).toEqual([]);
    expect(visibleRange({ ...base, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3 });
    expect(visibleRange({ ...base, count: 3, scrollTop: 99_999 })).toEqual({ start: 0, end: 3 });
  });
});

describe('moving through rows by keyboard', () => {
  it('moves by one, by a page, to the ends, and stops at them', () => {
    expect(moveIndex('ArrowDown', 0, 10, 4)).toBe(1);
    expect(moveIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(moveIndex('PageDown', 8, 10, 4)).toBe(9);
    expect(moveIndex('PageUp', 5, 10, 4)).toBe(1);
    expect(moveIndex('End', 0, 10, 4)).toBe(9);
    expect(moveIndex('Home', 7, 10, 4)).toBe(0);
    expect(moveIndex('a', 7, 10, 4)).toBeUndefined();
    expect(moveIndex('ArrowDown', 0, 0, 4)).toBeUndefined();
  });

  it('scrolls only as far as needed to show the row under the sticky header', () => {
    // Viewport 360 with a 36 px header: rows 0-8 fit.
    expect(scrollToShow(3, 36, 0, 360, 36)).toBe(0);
    expect(scrollToShow(9, 36, 0, 360, 36)).toBe(36);
    expect(scrollToShow(2, 36, 200, 360, 36)).toBe(72);
  });
});
