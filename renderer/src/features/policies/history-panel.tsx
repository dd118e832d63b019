import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable } from '../../components/data-table';
import { useMemo, useState } from 'react';
import { useApiClient } from '../../api/api-context';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { readRevisionSource } from '../../../../shared/policy';
import { formatDateTime, MISSING } from '../../lib/format';
import { DiffView } from './diff-view';
import { diffLines, diffStats, foldUnchanged } from './line-diff';
import { refreshPolicy, usePolicyRevision, useRevisions } from './use-policy';

const builtIn = { revision: 0, createdAt: 0, source: 'built-in default' };

export function HistoryPanel() {
  const revisions = useRevisions();
  const client = useApiClient();
  const queryClient = useQueryClient();
  // Until the person picks, the newest two are compared: what the last save changed.
  const [picked, setPicked] = useState<number[]>();
  const [confirming, setConfirming] = useState<number>();
  const rollback = useMutation({
    mutationFn: async (revision: number) => {
      const made = await client['policy:rollback']({ revision });
      await refreshPolicy(queryClient);
      return { from: revision, made: made.revision };
    },
    onSuccess: () => {
      setConfirming(undefined);
      setPicked(undefined);
    },
  });
  // Revision 0, the built-in default, is where every history starts: it is listed, and can be
  // compared with and rolled back to like any other.
  const list = useMemo(
    () =>
      revisions.data ? [...[...revisions.data].sort((a, b) => b.revision - a.revision), builtIn] : undefined,
    [revisions.data],
  );

  if (revisions.isError) {
    return (
      <ErrorNotice
        title="Could not load the policy history."
        error={revisions.error}
        onRetry={() => void revisions.refetch()}
      />
    );
  }
  if (!list) return <p className="muted">Loading the history…</p>;

  const activeRevision = list[0]!.revision;
  const selection = picked ?? list.slice(0, 2).map((r) => r.revision);
  const toggle = (revision: number) =>
    setPicked(
      selection.includes(revision)
        ? selection.filter((r) => r !== revision)
        : [...selection, revision].slice(-2),
    );
  const [older, newer] = [...selection].sort((a, b) => a - b);

  return (
    <div className="history-panel">
      {rollback.isSuccess ? (
        <p className="editor-note" role="status" data-testid="rollback-done">
          Revision {rollback.data.from} is active again, saved as revision {rollback.data.made}.
        </p>
      ) : null}
      {rollback.isError ? <ErrorNotice title="Could not roll back." error={rollback.error} /> : null}
      {list.length === 1 ? (
        <p className="muted" data-testid="history-empty">
          No policy saved yet: the gateway runs the built-in default, revision 0. Each save, from here, from{' '}
          <code>npx portcullis policy import</code> or from an approval, adds a revision you can compare and
          roll back to.
        </p>
      ) : (
        <p className="muted small">Tick two revisions to see what changed between them.</p>
      )}
      <DataTable columns={['Compare', 'Revision', 'Saved', 'By', 'What', '']}>
        {list.map((revision) => {
          const { by, what } = readRevisionSource(revision.source);
          return (
            <tr
              key={revision.revision}
              data-testid="revision-row"
              data-revision={revision.revision}
              data-active={String(revision.revision === activeRevision)}
            >
              <td>
                <input
                  type="checkbox"
                  checked={selection.includes(revision.revision)}
                  aria-label={`Compare revision ${revision.revision}`}
                  onChange={() => toggle(revision.revision)}
                />
              </td>
              <td className="num">
                rev {revision.revision}
                {revision.revision === activeRevision ? <span className="tag tag-after">active</span> : null}
              </td>
              <td className="num">
                {revision.revision === 0 ? 'before any save' : formatDateTime(revision.createdAt)}
              </td>
              <td data-testid="revision-by">
                {revision.revision === 0 ? 'Portcullis' : by === undefined ? MISSING : <Visible text={by} />}
              </td>
              <td>
                {revision.revision === 0 ? (
                  'the built-in default: allow every call and record it'
                ) : (
                  <Visible text={what} />
                )}
              </td>
              <td className="row-actions">
                {revision.revision === activeRevision ? null : confirming === revision.revision ? (
                  <span className="actions" data-testid="rollback-confirm">
                    <span className="small">
                      Make revision {revision.revision} active again, as a new revision?
                    </span>
                    <button
                      type="button"
                      className="button button-small button-primary"
                      data-testid="rollback-confirm-yes"
                      disabled={rollback.isPending}
                      onClick={() => rollback.mutate(revision.revision)}
                    >
                      Roll back
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setConfirming(undefined)}
                    >
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="button button-small"
                    data-testid="rollback"
                    onClick={() => {
                      rollback.reset();
                      setConfirming(revision.revision);
                    }}
                  >
                    Roll back to this
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      {older !== undefined && newer !== undefined ? (
        <RevisionDiff older={older} newer={newer} />
      ) : (
        <p className="muted">
          {list.length === 1 ? 'Only the built-in default so far.' : 'Tick a second revision to compare.'}
        </p>
      )}
    </div>
  );
}

function RevisionDiff({ older, newer }: { older: number; newer: number }) {
  const before = usePolicyRevision(older);
  const after = usePolicyRevision(newer);
  const lines = useMemo(
    () => (before.data && after.data ? diffLines(before.data.document, after.data.document) : undefined),
    [before.data, after.data],
  );
  const error = before.error ?? after.error;
  if (error) return <ErrorNotice title="Could not load the revisions to compare." error={error} />;
  if (!lines) return <p className="muted">Loading the revisions…</p>;
  const { added, removed } = diffStats(lines);
  return (
    <section className="panel" aria-label={`Changes from revision ${older} to revision ${newer}`}>
      <h3 className="panel-heading" data-testid="revision-diff-heading">
        Revision {older} → revision {newer}
        <span className="count diff-count-add">+{added}</span>
        <span className="count diff-count-del">−{removed}</span>
      </h3>
      {added + removed === 0 ? (
        <p className="muted" data-testid="revision-diff-same">
          The two revisions are the same text.
        </p>
      ) : (
        <DiffView rows={foldUnchanged(lines)} testId="revision-diff" />
      )}
    </section>
  );
}
