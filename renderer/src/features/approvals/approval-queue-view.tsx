import { useState } from 'react';
import type { Approval } from '../../../../shared/approvals';
import type { AnswerChoice } from './answer-choice';
import { selectedIndex, type QueueSelection } from './approval-queue';
import { ApprovalCard } from './approval-card';
import type { ApprovalAnswers } from './use-approvals';

/** The waiting calls one at a time, oldest first, with "1 of 3" and a way to move between them. */
export function ApprovalQueueView({
  approvals,
  answers,
}: {
  approvals: readonly Approval[];
  answers: ApprovalAnswers;
}) {
  const [selection, setSelection] = useState<QueueSelection>();
  const index = selectedIndex(
    approvals.map((approval) => approval.id),
    selection,
  );
  const current = approvals[index];
  if (!current) return null;

  const select = (to: number) => {
    const target = approvals[to];
    if (target) setSelection({ id: target.id, index: to });
  };
  // If the gateway refuses the answer but the call still waits, the next one is shown: the person
  // can come back to this one, and the message says why.
  const next = approvals[index + 1];
  const onAnswer = (choice: AnswerChoice) =>
    answers.answer(current, choice, () => {
      if (next) setSelection({ id: next.id, index: index + 1 });
    });

  return (
    <div className="approval-queue">
      <div className="approval-queue-nav">
        <span className="approval-queue-position" data-testid="approval-queue-position" aria-live="polite">
          {index + 1} of {approvals.length}
        </span>
        {approvals.length > 1 ? (
          <span className="approval-queue-buttons">
            <button
              type="button"
              className="button button-small"
              data-testid="approval-queue-prev"
              disabled={index === 0}
              onClick={() => select(index - 1)}
            >
              ‹ Previous
            </button>
            <button
              type="button"
              className="button button-small"
              data-testid="approval-queue-next"
              disabled={index === approvals.length - 1}
              onClick={() => select(index + 1)}
            >
              Next ›
            </button>
          </span>
        ) : null}
      </div>
      <ApprovalCard
        key={current.id}
        approval={current}
        busy={answers.answering !== undefined}
        onAnswer={onAnswer}
      />
    </div>
  );
}
