import { describe, expect, it } from 'vitest';
import { mergeSnapshot, upsertCall } from '../../../renderer/src/features/live/live-calls';
import { liveCall } from './factories';

const ids = (calls: readonly { id: string }[]) => calls.map((call) => call.id);

describe('upsertCall', () => {
  it('keeps the list newest first as calls arrive out of order', () => {
    let calls = upsertCall([], liveCall({ id: 'b', startedAt: 200 }));
    calls = upsertCall(calls, liveCall({ id: 'c', startedAt: 300 }));
    calls = upsertCall(calls, liveCall({ id: 'a', startedAt: 100 }));
    expect(ids(calls)).toEqual(['c', 'b', 'a']);
  });

  it('puts a later arrival with the same start time first', () => {
    let calls = upsertCall([], liveCall({ id: 'first', startedAt: 100 }));
    calls = upsertCall(calls, liveCall({ id: 'second', startedAt: 100 }));
    expect(ids(calls)).toEqual(['second', 'first']);
  });

  it('replaces a pending call in place when its final status arrives', () => {
    const pending = [liveCall({ id: 'b', startedAt: 200 }), liveCall({ id: 'a', startedAt: 100 })];
    const done = liveCall({ id: 'a', startedAt: 100, status: 'ok', latencyMs: 12.34, resultBytes: 42 });
    const calls = upsertCall(pending, done);
    expect(ids(calls)).toEqual(['b', 'a']);
    expect(calls[1]).toBe(done);
    expect(calls[0]).toBe(pending[0]);
    expect(pending[1]!.status).toBe('pending');
  });

  it('does not let a late pending echo undo a final status', () => {
    const final = [liveCall({ id: 'a', status: 'denied', decision: 'deny' })];
    expect(upsertCall(final, liveCall({ id: 'a', status: 'pending' }))).toBe(final);
  });

  it('moves a call whose start time changed', () => {
    const calls = [liveCall({ id: 'b', startedAt: 200 }), liveCall({ id: 'a', startedAt: 100 })];
    expect(ids(upsertCall(calls, liveCall({ id: 'a', startedAt: 300, status: 'ok' })))).toEqual(['a', 'b']);
  });

  it('drops the oldest call beyond the cap', () => {
    let calls = upsertCall([], liveCall({ id: 'a', startedAt: 100 }), 2);
    calls = upsertCall(calls, liveCall({ id: 'b', startedAt: 200 }), 2);
    calls = upsertCall(calls, liveCall({ id: 'c', startedAt: 300 }), 2);
    expect(ids(calls)).toEqual(['c', 'b']);
  });

  it('ignores a new call older than everything in a full list', () => {
    const full = [liveCall({ id: 'b', startedAt: 200 }), liveCall({ id: 'a', startedAt: 100 })];
    expect(upsertCall(full, liveCall({ id: 'old', startedAt: 50 }), 2)).toBe(full);
  });
});

describe('mergeSnapshot', () => {
  it('keeps calls that arrived by event and are not in the snapshot', () => {
    const current = [liveCall({ id: 'new', startedAt: 500 })];
    const snapshot = [liveCall({ id: 'old', startedAt: 100, status: 'ok' })];
    expect(ids(mergeSnapshot(current, snapshot))).toEqual(['new', 'old']);
  });

  it('prefers a final status from either side over pending', () => {
    const fromEvents = [
      liveCall({ id: 'x', status: 'ok', startedAt: 200 }),
      liveCall({ id: 'y', status: 'pending', startedAt: 100 }),
    ];
    const snapshot = [
      liveCall({ id: 'x', status: 'pending', startedAt: 200 }),
      liveCall({ id: 'y', status: 'error', startedAt: 100 }),
    ];
    const merged = mergeSnapshot(fromEvents, snapshot);
    expect(merged.map((call) => call.status)).toEqual(['ok', 'error']);
  });

  it('sorts an unordered snapshot and applies the cap', () => {
    const snapshot = [100, 400, 200, 300].map((startedAt) => liveCall({ id: `c${startedAt}`, startedAt }));
    expect(ids(mergeSnapshot(undefined, snapshot, 3))).toEqual(['c400', 'c300', 'c200']);
  });
});
