import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useConnectionState, useEventStream } from '../api/api-context';
import { applyApprovalEvent } from '../features/approvals/approvals-cache';
import { applyLiveCall } from '../features/live/live-cache';
import { applyProtection } from '../features/protection/protection-cache';
import { createInvalidationBatcher, keysForEvent } from './invalidation';

const INVALIDATION_DELAY_MS = 500;

/** Keeps server state in step with gateway events, for the whole app whichever page is shown. */
export function useGatewaySync(): void {
  const queryClient = useQueryClient();
  const events = useEventStream();

  useEffect(() => {
    const batcher = createInvalidationBatcher(
      (keys) => {
        for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
      },
      INVALIDATION_DELAY_MS,
      window,
    );
    const unsubscribe = events.subscribe((event) => {
      if (event.type === 'call') applyLiveCall(queryClient, event.call);
      if (event.type === 'approval') applyApprovalEvent(queryClient, event);
      if (event.type === 'protection') applyProtection(queryClient, event.pausedUntil);
      batcher.add(keysForEvent(event));
    });
    return () => {
      unsubscribe();
      batcher.cancel();
    };
  }, [events, queryClient]);

  // Whatever happened while the stream was down (or before it first opened) was not seen: refetch.
  const { state } = useConnectionState();
  const opens = state.kind === 'open' ? state.opens : undefined;
  const seenOpens = useRef(opens);
  useEffect(() => {
    if (opens === undefined || opens === seenOpens.current) return;
    seenOpens.current = opens;
    void queryClient.invalidateQueries();
  }, [opens, queryClient]);
}
