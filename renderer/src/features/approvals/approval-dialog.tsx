import { useId, useRef } from 'react';
import type { Approval } from '../../../../shared/approvals';
import { AnswerFailureNotice } from './answer-failure';
import { ApprovalQueueView } from './approval-queue-view';
import type { ApprovalAnswers } from './use-approvals';
import { trapTab, useModalFocus } from './use-modal-focus';
import './approvals.css';

/**
 * The dashboard's modal over whatever page is open (the shell behind it is made inert). It stays
 * while calls wait, and while an answer that failed is still on screen.
 */
export function ApprovalDialog({
  approvals,
  answers,
  onLater,
}: {
  approvals: readonly Approval[];
  answers: ApprovalAnswers;
  onLater: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useModalFocus(ref);
  const waiting = approvals.length > 0;

  return (
    <div className="approval-backdrop">
      <div
        ref={ref}
        className="approval-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid="approval-dialog"
        onKeyDown={(event) => {
          trapTab(event);
          // With nothing left to answer, Escape only closes (a card's Escape denies instead).
          if (event.key === 'Escape' && !waiting) answers.dismissFailure();
        }}
      >
        <header className="approval-dialog-header">
          <h2 id={titleId}>{waiting ? 'Approval needed' : 'Nothing else is waiting'}</h2>
          {waiting ? (
            <button
              type="button"
              className="button button-small"
              data-testid="approval-later"
              title="Hide this until another call waits or you open it from the header. The deadline still runs."
              onClick={onLater}
            >
              Decide later
            </button>
          ) : null}
        </header>
        {answers.failure ? (
          <AnswerFailureNotice failure={answers.failure} onDismiss={answers.dismissFailure} />
        ) : null}
        {waiting ? <ApprovalQueueView approvals={approvals} answers={answers} /> : null}
      </div>
    </div>
  );
}
