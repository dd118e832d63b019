import type { LiveCall } from '../../../../shared/events';

/**
 * The Live page keeps at most this many calls (older ones are in the audit log). The table is
 * virtualized, so only the rows in view are rendered, whatever the cap.
 */
export const LIVE_CALL_CAP = 1000;

const isFinal = (call: LiveCall) => call.status !== 'pending' && call.status !== 'waiting';

/** A call arrives as `pending` and again when it ends; an echo of `pending` must not undo the end. */
function supersedes(incoming: LiveCall, existing: LiveCall): boolean {
  return !(isFinal(existing) && !isFinal(incoming));
}

/** Newest first; among equal start times, the call that arrived later goes first. */
function insertionIndex(calls: readonly LiveCall[], startedAt: number): number {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (calls[middle]!.startedAt > startedAt) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Inserts or replaces one call by id, keeping the list newest first and capped. Returns the same
 * array when nothing changes, so React can skip the render.
 */
export function upsertCall(
  calls: readonly LiveCall[],
  call: LiveCall,
  cap: number = LIVE_CALL_CAP,
): readonly LiveCall[] {
  const existingIndex = calls.findIndex((candidate) => candidate.id === call.id);
  if (existingIndex >= 0) {
    const existing = calls[existingIndex]!;
    if (!supersedes(call, existing)) return calls;
    const next = calls.slice();
    if (existing.startedAt === call.startedAt) {
      next[existingIndex] = call;
      return next;
    }
    next.splice(existingIndex, 1);
    next.splice(insertionIndex(next, call.startedAt), 0, call);
    return next;
  }
  const index = insertionIndex(calls, call.startedAt);
  if (index >= cap) return calls;
  const next = calls.slice();
  next.splice(index, 0, call);
  if (next.length > cap) next.length = cap;
  return next;
}

/**
 * Combines a fresh `live:recent` snapshot with what events already delivered. Calls the snapshot
 * does not have are kept (they arrived after it was taken, or fell out of its window), and a call
 * known in both keeps its later state.
 */
export function mergeSnapshot(
  current: readonly LiveCall[] | undefined,
  snapshot: readonly LiveCall[],
  cap: number = LIVE_CALL_CAP,
): readonly LiveCall[] {
  const byId = new Map<string, LiveCall>();
  for (const call of current ?? []) byId.set(call.id, call);
  for (const call of snapshot) {
    const existing = byId.get(call.id);
    if (!existing || supersedes(call, existing)) byId.set(call.id, call);
  }
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, cap);
}

/**
 * Applies a frame's worth of events at once, in arrival order: the same list as `upsertCall` for
 * each, in one pass (at the cap, which of several calls that started in the same millisecond is
 * the last one kept may differ). Returns the same array when nothing changes.
 */
export function applyBatch(
  calls: readonly LiveCall[],
  batch: readonly LiveCall[],
  cap: number = LIVE_CALL_CAP,
): readonly LiveCall[] {
  if (batch.length === 0) return calls;
  if (batch.length === 1) return upsertCall(calls, batch[0]!, cap);
  // Rank: higher arrived later. The list is newest first, so its first call has the highest rank.
  const byId = new Map<string, { call: LiveCall; rank: number }>();
  calls.forEach((call, index) => byId.set(call.id, { call, rank: calls.length - index }));
  let changed = false;
  batch.forEach((call, index) => {
    const existing = byId.get(call.id);
    if (existing && !supersedes(call, existing.call)) return;
    // A call that ends keeps its place among calls that started at the same time.
    byId.set(call.id, { call, rank: existing?.rank ?? calls.length + 1 + index });
    changed = true;
  });
  if (!changed) return calls;
  return [...byId.values()]
    .sort((a, b) => b.call.startedAt - a.call.startedAt || b.rank - a.rank)
    .slice(0, cap)
    .map((entry) => entry.call);
}
