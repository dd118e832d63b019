import type { GatewayEvent } from '../../../shared/events';
import { policyKeys, queryKeys, type QueryKey } from '../api/query-keys';

/** Which server state an event makes stale. Live calls are not here: they are applied in place. */
export function keysForEvent(event: GatewayEvent): QueryKey[] {
  switch (event.type) {
    case 'call':
      // A finished call changes its session's call count.
      return event.call.status === 'pending' || event.call.status === 'waiting' ? [] : [queryKeys.sessions];
    case 'session':
      return [queryKeys.sessions, queryKeys.status];
    case 'policy':
      // Applying a draft makes a revision and clears the draft, so the draft is stale too.
      return [...policyKeys];
    // The Overview and Audit pages follow new rows themselves, at their own pace (a busy log must
    // not refetch on every batch): see features/audit/use-audit-queries.ts.
    case 'audit':
      return [];
    case 'tools':
      // A listing pins and scans tools: their trust may have changed too.
      return [queryKeys.tools, queryKeys.trust];
    case 'trust':
      return [queryKeys.trust, queryKeys.tools];
    // The queue is applied in place as events arrive; reading the list again after each one
    // corrects anything an event alone could not (see features/approvals/approval-queue.ts).
    case 'approval':
      return [queryKeys.status, queryKeys.approvals];
    // The header's status carries the pause.
    case 'protection':
      return [queryKeys.status];
    // A config changed or a repair ran: the clients list and what is unprotected may be stale.
    case 'clients':
      return [queryKeys.clients, queryKeys.clientsStatus, queryKeys.clientServers];
  }
}

export interface Batcher {
  add(keys: readonly QueryKey[]): void;
  cancel(): void;
}

/**
 * Collects keys and flushes them once per window: under a burst of tool calls the dashboard then
 * refetches a few times a second at most, instead of once per event.
 */
export function createInvalidationBatcher(
  flush: (keys: QueryKey[]) => void,
  delayMs: number,
  timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void },
): Batcher {
  const pending = new Map<string, QueryKey>();
  let timer: unknown;
  return {
    add(keys) {
      for (const key of keys) pending.set(JSON.stringify(key), key);
      if (pending.size === 0 || timer !== undefined) return;
      timer = timers.setTimeout(() => {
        timer = undefined;
        const batch = [...pending.values()];
        pending.clear();
        flush(batch);
      }, delayMs);
    },
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
