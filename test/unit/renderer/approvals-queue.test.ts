import { describe, expect, it } from 'vitest';
import {
  approvalsOf,
  emptyQueue,
  reduceQueue,
  selectedIndex,
  type ApprovalQueueState,
  type QueueAction,
} from '../../../renderer/src/features/approvals/approval-queue';
import { approval } from './factories';

const a = approval({ id: 'a', requestedAt: 1_000 });
const b = approval({ id: 'b', requestedAt: 2_000 });
const c = approval({ id: 'c', requestedAt: 3_000 });

function run(actions: QueueAction[], from: ApprovalQueueState = emptyQueue): ApprovalQueueState {
  return actions.reduce(reduceQueue, from);
}
const ids = (state: ApprovalQueueState) => approvalsOf(state).map((item) => item.id);

describe('the approval queue, from events', () => {
  it('keeps waiting calls oldest first and drops them when resolved', () => {
    const state = run([
      { type: 'requested', approval: b },
      { type: 'requested', approval: a },
      { type: 'requested', approval: c },
      { type: 'resolved', id: 'b' },
    ]);
    expect(ids(state)).toEqual(['a', 'c']);
  });

  it('keeps arrival order among calls requested in the same millisecond', () => {
    const first = approval({ id: 'x', requestedAt: 5 });
    const second = approval({ id: 'y', requestedAt: 5 });
    expect(
      ids(
        run([
          { type: 'requested', approval: first },
          { type: 'requested', approval: second },
        ]),
      ),
    ).toEqual(['x', 'y']);
  });

  it('ignores a repeated request, and never brings back a call once it is gone', () => {
    const state = run([
      { type: 'requested', approval: a },
      { type: 'requested', approval: a },
      { type: 'resolved', id: 'a' },
      { type: 'requested', approval: a },
    ]);
    expect(ids(state)).toEqual([]);
    expect(state.gone).toEqual(['a']);
  });

  it('remembers only the most recent ids that ended', () => {
    let state = emptyQueue;
    for (let i = 0; i < 250; i++) state = reduceQueue(state, { type: 'resolved', id: `id-${i}` });
    expect(state.gone).toHaveLength(200);
    expect(state.gone[0]).toBe('id-50');
    expect(reduceQueue(state, { type: 'resolved', id: 'id-249' }).gone).toHaveLength(200);
  });
});

describe('the approval queue, merging a snapshot of approvals:list', () => {
  it('takes what the list says when no event came in between', () => {
    const state = run([{ type: 'snapshot', approvals: [b, a], since: 0 }]);
    expect(ids(state)).toEqual(['a', 'b']);
  });

  it('keeps a call that was requested after the list was read', () => {
    const requestedAt = emptyQueue.seq;
    const state = run([
      { type: 'requested', approval: c },
      { type: 'snapshot', approvals: [a], since: requestedAt },
    ]);
    expect(ids(state)).toEqual(['a', 'c']);
  });

  it('drops a call the list no longer has when it was known before the list was asked for', () => {
    // Its `resolved` event was missed (the connection was down): the new list is the truth.
    const known = run([{ type: 'requested', approval: a }]);
    const state = reduceQueue(known, { type: 'snapshot', approvals: [b], since: known.seq });
    expect(ids(state)).toEqual(['b']);
  });

  it('does not bring back a call that ended while the list was on its way', () => {
    const before = run([{ type: 'requested', approval: a }]);
    const since = before.seq;
    const ended = reduceQueue(before, { type: 'resolved', id: 'a' });
    // The list was read before the call ended, so it still has it.
    expect(ids(reduceQueue(ended, { type: 'snapshot', approvals: [a, b], since }))).toEqual(['b']);
  });

  it('applies the events that follow a snapshot in order', () => {
    const state = run([
      { type: 'snapshot', approvals: [a, b], since: 0 },
      { type: 'requested', approval: c },
      { type: 'resolved', id: 'a' },
      { type: 'requested', approval: b },
    ]);
    expect(ids(state)).toEqual(['b', 'c']);
  });
});

describe('selectedIndex', () => {
  it('shows the oldest when nothing was chosen, and nothing for an empty queue', () => {
    expect(selectedIndex(['a', 'b'], undefined)).toBe(0);
    expect(selectedIndex([], undefined)).toBe(-1);
    expect(selectedIndex([], { id: 'a', index: 0 })).toBe(-1);
  });

  it('follows the chosen call while it waits, wherever it moves', () => {
    expect(selectedIndex(['a', 'b', 'c'], { id: 'b', index: 1 })).toBe(1);
    expect(selectedIndex(['b', 'c'], { id: 'b', index: 1 })).toBe(0);
  });

  it('shows the next once the chosen call is answered, or the last if it was the last', () => {
    expect(selectedIndex(['a', 'c'], { id: 'b', index: 1 })).toBe(1);
    expect(selectedIndex(['b', 'c'], { id: 'a', index: 0 })).toBe(0);
    expect(selectedIndex(['a', 'b'], { id: 'c', index: 2 })).toBe(1);
  });
});
