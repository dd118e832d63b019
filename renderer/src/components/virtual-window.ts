/**
 * Which rows of a long list to put in the DOM: the ones in view plus `overscan` either side, and
 * `pinned` (the row that has the keyboard focus) wherever it is, so scrolling never drops focus.
 * Rows have one fixed height; what is left out is stood in for by spacers of the same height.
 */
export interface VirtualWindowInput {
  count: number;
  rowHeight: number;
  /** Scroll offset of the list's first row from the top of the viewport's scrolled content. */
  scrollTop: number;
  viewportHeight: number;
  overscan: number;
  pinned?: number | undefined;
}

export type WindowPart = { kind: 'row'; index: number } | { kind: 'gap'; from: number; rows: number };

export function visibleRange(input: VirtualWindowInput): { start: number; end: number } {
  const { count, rowHeight, scrollTop, viewportHeight, overscan } = input;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + inView + overscan);
  return { start, end: Math.max(start, end) };
}

/** The rows and gaps, top to bottom. */
export function windowParts(input: VirtualWindowInput): WindowPart[] {
  const { start, end } = visibleRange(input);
  const indices: number[] = [];
  const pinned = input.pinned;
  if (pinned !== undefined && pinned >= 0 && pinned < input.count && (pinned < start || pinned >= end)) {
    if (pinned < start) indices.push(pinned);
    for (let i = start; i < end; i++) indices.push(i);
    if (pinned >= end) indices.push(pinned);
  } else {
    for (let i = start; i < end; i++) indices.push(i);
  }
  const parts: WindowPart[] = [];
  let next = 0;
  for (const index of indices) {
    if (index > next) parts.push({ kind: 'gap', from: next, rows: index - next });
    parts.push({ kind: 'row', index });
    next = index + 1;
  }
  if (input.count > next) parts.push({ kind: 'gap', from: next, rows: input.count - next });
  return parts;
}

/** Where a keyboard move lands: arrows by one, Page keys by a screenful, Home and End at the ends. */
export function moveIndex(key: string, current: number, count: number, page: number): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(last, current + Math.max(1, page));
    case 'PageUp':
      return Math.max(0, current - Math.max(1, page));
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}

/** The scroll offset that brings a row fully into view, or the current one if it already is. */
export function scrollToShow(
  index: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  headerHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const visibleHeight = viewportHeight - headerHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + visibleHeight) return bottom - visibleHeight;
  return scrollTop;
}
