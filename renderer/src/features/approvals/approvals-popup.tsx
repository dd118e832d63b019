import { useEffect } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { ToolCard } from '../trust/tool-card';
import { useTrust } from '../trust/use-trust';
import { waitsForReview } from '../../../../shared/trust';
import '../trust/trust.css';
import { AnswerFailureNotice } from './answer-failure';
import { ApprovalQueueView } from './approval-queue-view';
import { useApprovalAnswers, useApprovalQueue } from './use-approvals';
import './approvals.css';

/**
 * `#/approvals-popup`: the desktop app's small always-on-top window. Only the queue, and the tool
 * definitions that wait for a review (changed, or new and held: a call to one of them waits for
 * it): no nav, no header. The same API client carries the answers (over IPC there).
 */
export function ApprovalsPopup() {
  const queue = useApprovalQueue();
  const answers = useApprovalAnswers();
  const trust = useTrust();
  // A changed or new definition holds its tool's calls until it is accepted: ask here too.
  const reviews = (trust.data?.tools ?? []).filter(waitsForReview);
  const approvals = queue.data?.length ?? 0;

  useEffect(() => {
    document.title =
      approvals > 0
        ? `Approval needed (${approvals}) — Portcullis`
        : reviews.length > 0
          ? `Review needed (${reviews.length}) — Portcullis`
          : 'Portcullis';
  }, [approvals, reviews.length]);

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
        reviews.length === 0 ? (
          <p className="approvals-popup-empty" data-testid="approvals-popup-empty">
            Nothing is waiting.
          </p>
        ) : null
      ) : (
        <ApprovalQueueView approvals={queue.data} answers={answers} />
      )}
      {reviews.length > 0 ? (
        <section
          className="approvals-popup-reviews"
          aria-labelledby="approvals-popup-reviews"
          data-testid="popup-reviews"
        >
          <h2 id="approvals-popup-reviews" className="approvals-popup-reviews-title">
            {reviews.length === 1
              ? 'A tool definition waits for review'
              : `${reviews.length} tool definitions wait for review`}
          </h2>
          {reviews.map((tool) => (
            <ToolCard key={`${tool.client}\u0000${tool.server}\u0000${tool.tool}`} tool={tool} />
          ))}
        </section>
      ) : null}
    </main>
  );
}
