import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../../../shared/api';
import type { Approval } from '../../../../shared/approvals';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import type { AnswerChoice } from './answer-choice';
import { approvalsOf } from './approval-queue';
import { markAnswered, mergeSnapshot, readQueue } from './approvals-cache';

/** The calls waiting for the person, oldest first. */
export function useApprovalQueue() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.approvals,
    queryFn: async () => {
      const since = readQueue(queryClient).seq;
      return mergeSnapshot(queryClient, await client['approvals:list']({}), since);
    },
    select: approvalsOf,
  });
}

/** An answer the gateway refused, kept on screen until the person has seen it. */
export interface AnswerFailure {
  approval: Approval;
  message: string;
  /** `false` when the call no longer waits (it timed out or was answered elsewhere meanwhile). */
  stillWaiting: boolean;
}

export interface ApprovalAnswers {
  /** `onStillWaiting`: the answer failed but the call still waits (so the person can move on). */
  answer(approval: Approval, choice: AnswerChoice, onStillWaiting?: () => void): void;
  /** The approval whose answer is on its way. */
  answering: string | undefined;
  failure: AnswerFailure | undefined;
  dismissFailure(): void;
}

export function useApprovalAnswers(): ApprovalAnswers {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<AnswerFailure>();
  const mutation = useMutation({
    mutationFn: ({ approval, choice }: { approval: Approval; choice: AnswerChoice }) =>
      client['approvals:answer']({ id: approval.id, ...choice }),
    onMutate: () => setFailure(undefined),
    // Not waiting for the `resolved` event: the next call shows the moment the gateway says yes.
    onSuccess: (_result, { approval }) => markAnswered(queryClient, approval.id),
    onError: (error, { approval }) => {
      const gone = error instanceof ApiError && error.code === 'not_found';
      if (gone) markAnswered(queryClient, approval.id);
      setFailure({ approval, message: error.message, stillWaiting: !gone });
    },
  });
  return {
    answer(approval, choice, onStillWaiting) {
      mutation.mutate(
        { approval, choice },
        {
          onError: (error) => {
            if (!(error instanceof ApiError && error.code === 'not_found')) onStillWaiting?.();
          },
        },
      );
    },
    answering: mutation.isPending ? mutation.variables.approval.id : undefined,
    failure,
    dismissFailure: () => setFailure(undefined),
  };
}
