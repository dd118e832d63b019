import { useState } from 'react';
import type { Approval } from '../../../../shared/approvals';
import { modalOpen } from './approval-alerts';
import { useApprovalAnswers, useApprovalQueue, type ApprovalAnswers } from './use-approvals';

const none: readonly Approval[] = [];

export interface ApprovalModal {
  approvals: readonly Approval[];
  answers: ApprovalAnswers;
  open: boolean;
  /** "Decide later": hide the modal until another call waits. */
  later(): void;
  /** Bring it back (the header's "N waiting"). */
  show(): void;
}

/** What the dashboard's shell needs to put the approval modal over its pages. */
export function useApprovalModal(): ApprovalModal {
  const queue = useApprovalQueue();
  const answers = useApprovalAnswers();
  const approvals = queue.data ?? none;
  const [deferred, setDeferred] = useState<readonly string[]>([]);
  return {
    approvals,
    answers,
    open: modalOpen(
      approvals.map((approval) => approval.id),
      deferred,
      answers.failure !== undefined,
    ),
    later: () => setDeferred(approvals.map((approval) => approval.id)),
    show: () => setDeferred([]),
  };
}
