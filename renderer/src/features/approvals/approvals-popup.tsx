import { useEffect } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { AnswerFailureNotice } from './answer-failure';
import { ApprovalQueueView } from './approval-queue-view';
import { useApprovalAnswers, useApprovalQueue } from './use-approvals';
import './approvals.css';

/**
 * `#/approvals-popup`: the desktop app's small always-on-top window. Only the queue: no nav, no
 * header. The same API client carries the answers (over IPC there).
 */
export function ApprovalsPopup() {
  const queue = useApprovalQueue();
  const answers = useApprovalAnswers();
  const count = queue.data?.length ?? 0;

  useEffect(() => {
    document.title = count > 0 ? `Approval needed (${count}) — Portcullis` : 'Portcullis';
  }, [count]);

  return (
    <main className="approvals-popup" data-testid="approvals-popup" aria-labelledby="approvals-popup-title">
      {/* Unseen: the window's title says it, but screen readers navigate by headings (the card's is an h3). */}
      <h1 className="visually-hidden" id="approvals-popup-title">
        Portcullis approvals
      </h1>
      <h2 className="visually-hidden">Calls waiting for you</h2>
      {answers.failure ? (
        <AnswerFailureNotice failure={answers.failure} onDismiss={answers.dismissFailure} />
      ) : null}
      {queue.data === undefined ? (
        queue.isError ? (
          <ErrorNotice
            title="Could not read the calls waiting for approval."
            error={queue.error}
            onRetry={() => void queue.refetch()}
          />
        ) : (
          <p className="muted">Loading…</p>
        )
      ) : queue.data.length === 0 ? (
        <p className="approvals-popup-empty" data-testid="approvals-popup-empty">
          Nothing is waiting.
        </p>
      ) : (
        <ApprovalQueueView approvals={queue.data} answers={answers} />
      )}
    </main>
  );
}
