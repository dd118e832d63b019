import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorNotice } from '../../components/error-notice';
import { formatDateTime } from '../../lib/format';
import type { EditorText } from './document-editor';
import { refreshPolicy, useDraft } from './use-policy';

type Confirming = 'apply' | 'discard' | undefined;

/**
 * Whether a draft policy exists and runs in shadow, with what can be done with it. Shown above the
 * tabs, because a shadow draft colours what Live shows whichever tab is open.
 */
export function DraftBanner({ onOpen }: { onOpen: (editor: EditorText) => void }) {
  const draft = useDraft();
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Confirming>();
  const [applied, setApplied] = useState<number>();
  const action = useMutation({
    mutationFn: async (what: 'shadow-on' | 'shadow-off' | 'apply' | 'discard') => {
      let revision: number | undefined;
      if (what === 'shadow-on' || what === 'shadow-off') {
        await client['policy:draft:shadow']({ enabled: what === 'shadow-on' });
      } else if (what === 'discard') {
        await client['policy:draft:discard']({});
      } else {
        revision = (await client['policy:draft:apply']({})).revision;
      }
      await queryClient.invalidateQueries({ queryKey: queryKeys.policyDraft });
      if (revision !== undefined) await refreshPolicy(queryClient);
      return revision;
    },
    onSuccess: (revision) => {
      setConfirming(undefined);
      setApplied(revision);
    },
  });

  if (!draft.data) {
    return applied !== undefined ? (
      <p className="editor-note" role="status" data-testid="draft-applied">
        The draft is now the active policy, as revision {applied}.
      </p>
    ) : null;
  }
  const { shadow, updatedAt, document } = draft.data;
  return (
    <section
      className={`draft-banner${shadow ? ' draft-banner-shadow' : ''}`}
      data-testid="draft-status"
      data-shadow={String(shadow)}
      aria-label="Draft policy"
    >
      <div className="draft-text">
        <p className="draft-title">
          {shadow ? 'A draft policy is running in shadow.' : 'A draft policy is saved.'}
        </p>
        <p className="muted small">
          {shadow
            ? 'Every call is also decided by the draft, without affecting it; Live and the audit log show what the draft would have done.'
            : 'It does nothing until you run it in shadow or apply it.'}{' '}
          Saved {formatDateTime(updatedAt)}.
        </p>
      </div>
      {confirming ? (
        <div className="actions" data-testid="draft-confirm">
          <span>
            {confirming === 'apply'
              ? 'Make the draft the active policy (a new revision)?'
              : 'Discard the draft? Its text is lost.'}
          </span>
          <button
            type="button"
            className="button button-primary"
            data-testid="draft-confirm-yes"
            disabled={action.isPending}
            onClick={() => action.mutate(confirming)}
          >
            {confirming === 'apply' ? 'Apply the draft' : 'Discard'}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            className="button"
            data-testid="draft-shadow-toggle"
            disabled={action.isPending}
            onClick={() => action.mutate(shadow ? 'shadow-off' : 'shadow-on')}
          >
            {shadow ? 'Stop the shadow' : 'Run in shadow'}
          </button>
          <button
            type="button"
            className="button"
            data-testid="draft-open"
            onClick={() => onOpen({ text: document, origin: 'draft', baseRevision: undefined })}
          >
            Open in the editor
          </button>
          <button
            type="button"
            className="button"
            data-testid="draft-apply"
            onClick={() => setConfirming('apply')}
          >
            Apply…
          </button>
          <button
            type="button"
            className="button"
            data-testid="draft-discard"
            onClick={() => setConfirming('discard')}
          >
            Discard…
          </button>
        </div>
      )}
      {action.isError ? <ErrorNotice title="That did not work." error={action.error} /> : null}
    </section>
  );
}
