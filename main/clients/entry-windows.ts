import type { ConfigFormat, EntryRef } from './formats/types';

/** One entry's edit: given a document, the entry in it and the format to edit it with. */
export interface EntryEdit<T> {
  ref: EntryRef;
  run(text: string, ref: EntryRef, format: ConfigFormat): { text: string; result: T };
}

/**
 * Apply per-entry edits to a document. Each edit re-reads whatever document it is given, so on
 * the whole file a file with thousands of servers would be read thousands of times. Where the
 * format can cut every entry out as a small document of its own (from one read of the file), each
 * edit runs on its entry alone, from the last entry to the first so that the earlier ones stay
 * where they were, and is spliced back. Otherwise the edits run one after another on the whole
 * text, as before. The results come back in the order of `edits`.
 */
export function editEntries<T>(
  text: string,
  format: ConfigFormat,
  edits: EntryEdit<T>[],
): { text: string; results: T[] } {
  const results: T[] = new Array<T>(edits.length);
  const windows =
    edits.length > 1
      ? format.windows?.(
          text,
          edits.map((edit) => edit.ref),
        )
      : undefined;
  const usable = windows && windows.every((window) => window !== undefined) && !overlapping(windows);
  if (!usable) {
    let next = text;
    edits.forEach((edit, index) => {
      const done = edit.run(next, edit.ref, format);
      next = done.text;
      results[index] = done.result;
    });
    return { text: next, results };
  }
  let next = text;
  const order = edits.map((_, index) => index).sort((a, b) => windows[b]!.start - windows[a]!.start);
  for (const index of order) {
    const window = windows[index]!;
    const done = edits[index]!.run(window.text, window.ref, window.format);
    next = next.slice(0, window.start) + window.unwrap(done.text) + next.slice(window.end);
    results[index] = done.result;
  }
  return { text: next, results };
}

function overlapping(windows: readonly ({ start: number; end: number } | undefined)[]): boolean {
  const spans = windows.map((w) => w!).sort((a, b) => a.start - b.start);
  return spans.some((span, i) => i > 0 && span.start < spans[i - 1]!.end);
}
