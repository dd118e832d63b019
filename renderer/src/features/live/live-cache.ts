import type { QueryClient } from '@tanstack/react-query';
import type { LiveCall } from '../../../../shared/events';
import { queryKeys } from '../../api/query-keys';
import { applyBatch, mergeSnapshot } from './live-calls';

/** When nothing paints (a hidden tab), batches are applied this often instead. */
const HIDDEN_FLUSH_MS = 250;

const pending = new WeakMap<QueryClient, LiveCall[]>();

/**
 * Calls are applied to the cache as they arrive, even while the Live page is not shown, so going
 * back to it shows them at once; its mount-time refetch then merges rather than replaces. At a
 * thousand calls a second, one update per event would render hundreds of times a frame: events
 * are collected and applied once per animation frame instead.
 */
export function applyLiveCall(queryClient: QueryClient, call: LiveCall): void {
  const queued = pending.get(queryClient);
  if (queued) {
    queued.push(call);
    return;
  }
  pending.set(queryClient, [call]);
  onNextFrame(() => {
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

/** The next frame, or a timer when the page is hidden and frames do not come. */
function onNextFrame(run: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    run();
  };
  requestAnimationFrame(once);
  setTimeout(once, HIDDEN_FLUSH_MS);
}
