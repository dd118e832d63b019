/** One line of a diff: kept, removed from the old text, or added in the new one. */
export interface DiffLine {
  kind: 'same' | 'del' | 'add';
  text: string;
  /** 1-based line number in the old text (same and del). */
  oldLine?: number;
  /** 1-based line number in the new text (same and add). */
  newLine?: number;
}

/**
 * Past this many differing lines the edit search stops and the differing middle is shown as
 * removed, then added: policies may be up to 4 MB, and two revisions that differ throughout are
 * better read that way anyway. The search's memory grows with the square of this number.
 */
const MAX_EDITS = 2000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  // A final newline ends the last line; it does not start an empty one.
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A line diff that keeps a longest common subsequence of lines, found as Myers's shortest edit
 * script (time and memory grow with the number of changed lines, not the document's size).
 * Within a change, removals come before additions.
 */
export function diffLines(oldText: string, newText: string, maxEdits = MAX_EDITS): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const out: DiffLine[] = [];
  for (let i = 0; i < start; i++) out.push({ kind: 'same', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  const middle = diffMiddle(a.slice(start, endA), b.slice(start, endB), maxEdits);
  let oldLine = start;
  let newLine = start;
  for (const op of middle) {
    if (op.kind === 'same') out.push({ ...op, oldLine: ++oldLine, newLine: ++newLine });
    else if (op.kind === 'del') out.push({ ...op, oldLine: ++oldLine });
    else out.push({ ...op, newLine: ++newLine });
  }
  for (let i = endA; i < a.length; i++) {
    out.push({ kind: 'same', text: a[i]!, oldLine: ++oldLine, newLine: ++newLine });
  }
  return out;
}

type Op = Pick<DiffLine, 'kind' | 'text'>;

function diffMiddle(a: readonly string[], b: readonly string[], maxEdits: number): Op[] {
  const n = a.length;
  const m = b.length;
  const replaceAll = (): Op[] => [
    ...a.map((text) => ({ kind: 'del' as const, text })),
    ...b.map((text) => ({ kind: 'add' as const, text })),
  ];
  if (n === 0 || m === 0) return replaceAll();
  const limit = Math.min(n + m, maxEdits);
  // v[k]: the furthest x reached on diagonal k = x - y, stored at k + offset.
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  // trace[d]: v as it was before step d, for diagonals -(d+1)..d+1 (the only ones step d reads).
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= limit && !found; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return replaceAll();

  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const before = trace[d]!;
    const at = (k: number) => before[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: 'same', text: a[x]! });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: 'add', text: b[--y]! });
      else ops.push({ kind: 'del', text: a[--x]! });
    }
  }
  return ops.reverse();
}

/** What the diff view shows: changed lines with some context, and a count where unchanged lines were folded. */
export type DiffRow = DiffLine | { kind: 'skip'; count: number };

export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) {
      keep[k] = true;
    }
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (skipped > 0) rows.push({ kind: 'skip', count: skipped });
      skipped = 0;
      rows.push(line);
    } else {
      skipped++;
    }
  });
  if (skipped > 0) rows.push({ kind: 'skip', count: skipped });
  return rows;
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'add') added++;
    else if (line.kind === 'del') removed++;
  }
  return { added, removed };
}
