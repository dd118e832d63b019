import type { QueryClient } from '@tanstack/react-query';
import type { Approval } from '../../../../shared/approvals';
import { queryKeys } from '../../api/query-keys';
import { emptyQueue, reduceQueue, type ApprovalQueueState, type QueueAction } from './approval-queue';

/**
 * The queue lives in the query cache and changes there as events arrive, whichever page is open,
 * so the modal and the header count move the moment the gateway asks; `approvals:list` (read on
 * mount, on reconnect and after each approval event) is merged in, not swapped in.
 */
function dispatch(queryClient: QueryClient, action: QueueAction): ApprovalQueueState {
  const next = reduceQueue(readQueue(queryClient), action);
  queryClient.setQueryData<ApprovalQueueState>(queryKeys.approvals, next);
  return next;
}

export function readQueue(queryClient: QueryClient): ApprovalQueueState {
  return queryClient.getQueryData<ApprovalQueueState>(queryKeys.approvals) ?? emptyQueue;
}

export function applyApprovalEvent(
  queryClient: QueryClient,
  event: { state: 'requested' | 'resolved'; approval: Approval },
): void {
  dispatch(
    queryClient,
    event.state === 'requested'
      ? { type: 'requested', approval: event.approval }
      : { type: 'resolved', id: event.approval.id },
  );
}

/** The gateway took the answer (or says the call no longer waits): show the next one now. */
export function markAnswered(queryClient: QueryClient, id: string): void {
  dispatch(queryClient, { type: 'resolved', id });
}

/** Read after the request returns, so events that arrived while it was in flight are kept. */
export function mergeSnapshot(
  queryClient: QueryClient,
  approvals: readonly Approval[],
  since: number,
): ApprovalQueueState {
  return reduceQueue(readQueue(queryClient), { type: 'snapshot', approvals, since });
}
