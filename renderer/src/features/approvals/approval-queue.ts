import type { Approval } from '../../../../shared/approvals';

interface QueueItem {
  readonly approval: Approval;
  /** The change that added it: a snapshot requested before then cannot know about it. */
  readonly seq: number;
}

/**
 * The calls waiting for the person, as events and `approvals:list` snapshots report them. Events
 * arrive in order but a snapshot may be taken before or after any of them, so the state remembers
 * enough to merge either way: when each item arrived, and which ids are gone for good.
 */
export interface ApprovalQueueState {
  /** Oldest first. */
  readonly items: readonly QueueItem[];
  /** Answered, timed out or withdrawn: a late snapshot or a repeated event must not bring them back. */
  readonly gone: readonly string[];
  /** Counts the changes applied; a snapshot carries the count from when it was requested. */
  readonly seq: number;
}

export type QueueAction =
  | { type: 'requested'; approval: Approval }
  | { type: 'resolved'; id: string }
  /** `since`: the state's `seq` when the list was requested. */
  | { type: 'snapshot'; approvals: readonly Approval[]; since: number };

export const emptyQueue: ApprovalQueueState = { items: [], gone: [], seq: 0 };

/** Enough to outlast any snapshot in flight; older ids cannot come back by then. */
const GONE_KEPT = 200;

export function reduceQueue(state: ApprovalQueueState, action: QueueAction): ApprovalQueueState {
  const seq = state.seq + 1;
  switch (action.type) {
    case 'requested': {
      const { approval } = action;
      if (state.gone.includes(approval.id)) return { ...state, seq };
      const others = state.items.filter((item) => item.approval.id !== approval.id);
      const existing = state.items.find((item) => item.approval.id === approval.id);
      return { ...state, seq, items: ordered([...others, { approval, seq: existing?.seq ?? seq }]) };
    }
    case 'resolved': {
      const gone = state.gone.includes(action.id) ? state.gone : [...state.gone, action.id].slice(-GONE_KEPT);
      return { seq, gone, items: state.items.filter((item) => item.approval.id !== action.id) };
    }
    case 'snapshot': {
      const listed = new Set(action.approvals.map((approval) => approval.id));
      const known = new Map(state.items.map((item) => [item.approval.id, item]));
      const fromSnapshot = action.approvals
        .filter((approval) => !state.gone.includes(approval.id))
        .map((approval) => ({ approval, seq: known.get(approval.id)?.seq ?? seq }));
      // Not listed: either it arrived after the list was read (keep), or it ended and that event
      // was missed, e.g. while the connection was down (drop).
      const newer = state.items.filter((item) => !listed.has(item.approval.id) && item.seq > action.since);
      return { ...state, seq, items: ordered([...fromSnapshot, ...newer]) };
    }
  }
}

/** Oldest request first; `sort` is stable, so equal times keep the order they arrived in. */
function ordered(items: QueueItem[]): QueueItem[] {
  return items.sort((a, b) => a.approval.requestedAt - b.approval.requestedAt);
}

export function approvalsOf(state: ApprovalQueueState): readonly Approval[] {
  return state.items.map((item) => item.approval);
}

/** Which approval the person is looking at: its id, and where it stood when they last saw it. */
export interface QueueSelection {
  id: string;
  index: number;
}

/**
 * The index to show. The selected approval while it waits; once it is gone (answered, timed out),
 * the one that moved into its place — the next — or the last if it was the last.
 */
export function selectedIndex(ids: readonly string[], selection: QueueSelection | undefined): number {
  if (ids.length === 0) return -1;
  if (!selection) return 0;
  const found = ids.indexOf(selection.id);
  if (found >= 0) return found;
  return Math.min(selection.index, ids.length - 1);
}
