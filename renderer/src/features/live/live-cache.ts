import type { QueryClient } from '@tanstack/react-query';
import type { LiveCall } from '../../../../shared/events';
import { queryKeys } from '../../api/query-keys';
import { mergeSnapshot, upsertCall } from './live-calls';

/**
 * Calls are applied to the cache as they arrive, even while the Live page is not shown, so going
 * back to it shows them at once; its mount-time refetch then merges rather than replaces.
 */
export function applyLiveCall(queryClient: QueryClient, call: LiveCall): void {
  queryClient.setQueryData<readonly LiveCall[]>(queryKeys.liveRecent, (old) => upsertCall(old ?? [], call));
}

/** Read after the request returns, so events that arrived while it was in flight are kept. */
export function mergeWithCache(queryClient: QueryClient, snapshot: readonly LiveCall[]): readonly LiveCall[] {
  return mergeSnapshot(queryClient.getQueryData<readonly LiveCall[]>(queryKeys.liveRecent), snapshot);
}
