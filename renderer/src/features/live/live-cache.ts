import type { QueryClient } from '@tanstack/react-query';
import type { LiveCall } from '../../../../shared/events';
import { queryKeys } from '../../api/query-keys';
import { applyBatch, mergeSnapshot } from './live-calls';

/**
 * Events are applied at most this often: ten updates a second is more than anyone reads, and each
 * update lays out the table again.
 */
const FLUSH_MS = 100;

const pending = new WeakMap<QueryClient, LiveCall[]>();

/**
 * Calls are applied to the cache as they arrive, even while the Live page is not shown, so going
 * back to it shows them at once; its mount-time refetch then merges rather than replaces. At a
 * thousand calls a second, one update per event would render hundreds of times a frame: events
 * are collected and applied together, in a frame, every `FLUSH_MS`.
 */
export function applyLiveCall(queryClient: QueryClient, call: LiveCall): void {
  const queued = pending.get(queryClient);
  if (queued) {
    queued.push(call);
    return;
  }
  pending.set(queryClient, [call]);
  afterInterval(() => {
    const batch = pending.get(queryClient) ?? [];
    pending.delete(queryClient);
    queryClient.setQueryData<readonly LiveCall[]>(queryKeys.liveRecent, (old) =>
      applyBatch(old ?? [], batch),
    );
  });
}

/** Read after the request returns, so events that arrived while it was in flight are kept. */
export function mergeWithCache(queryClient: QueryClient, snapshot: readonly LiveCall[]): readonly LiveCall[] {
  return mergeSnapshot(queryClient.getQueryData<readonly LiveCall[]>(queryKeys.liveRecent), snapshot);
}

/** The first frame after `FLUSH_MS`; a hidden page has no frames, so then the timer alone. */
function afterInterval(run: () => void): void {
  setTimeout(() => {
    if (document.hidden) run();
    else requestAnimationFrame(run);
  }, FLUSH_MS);
}
