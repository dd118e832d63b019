import { useMemo, useState } from 'react';
import { Visible } from '../../components/visible';
import { DiffView } from '../policies/diff-view';
import { diffLines, diffStats, foldUnchanged } from '../policies/line-diff';

/** A diff longer than this shows its first rows and a button for the rest. */
const ROWS_SHOWN = 400;

/** One file's lines before and after a change, unchanged stretches folded, every character visible. */
export function FileDiff({ path, before, after }: { path: string; before: string; after: string }) {
  const [all, setAll] = useState(false);
  const lines = useMemo(() => diffLines(before, after), [before, after]);
  const rows = useMemo(() => foldUnchanged(lines), [lines]);
  const { added, removed } = diffStats(lines);
  const shown = all ? rows : rows.slice(0, ROWS_SHOWN);
  return (
    <section className="file-diff" aria-label={`Changes to ${path}`}>
      <h4 className="file-diff-path">
        <code className="mono">
          <Visible text={path} />
        </code>{' '}
        <span className="diff-count-add">+{added}</span> <span className="diff-count-del">−{removed}</span>
      </h4>
      <DiffView rows={shown} testId="change-diff" />
      {shown.length < rows.length ? (
        <button type="button" className="button button-small" onClick={() => setAll(true)}>
          Show all {rows.length.toLocaleString()} rows
        </button>
      ) : null}
    </section>
  );
}
