import { describe, expect, it, vi } from 'vitest';
import type { Approval } from '../../../shared/approvals';
import { createApprovalQueue } from '../../../main/app/approval-queue';
import { approval, approvalEvent, fakeEvents, sessionEvent } from './fakes';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createApprovalQueue', () => {
  it('reads the queue at start and after every approval event, and only those', async () => {
    const events = fakeEvents();
    const list = vi.fn(async () => [approval()]);
    const queue = createApprovalQueue({ list, onEvent: events.onEvent });
    await settle();
    expect(list).toHaveBeenCalledTimes(1);
    expect(queue.current().map((a) => a.id)).toEqual(['a1']);
    events.emit(sessionEvent('opened', 's1'));
    events.emit({ type: 'protection', pausedUntil: null });
    expect(list).toHaveBeenCalledTimes(1);
    events.emit(approvalEvent('resolved', approval()));
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('tells listeners when the members change, not on every read', async () => {
    const events = fakeEvents();
    let waiting: Approval[] = [];
    const queue = createApprovalQueue({ list: async () => waiting, onEvent: events.onEvent });
    const seen: string[][] = [];
    queue.onChange((approvals) => seen.push(approvals.map((a) => a.id)));
    waiting = [approval({ id: 'a1' })];
    await queue.refresh();
    await queue.refresh();
    waiting = [approval({ id: 'a1' }), approval({ id: 'a2' })];
    await queue.refresh();
    waiting = [];
    await queue.refresh();
    expect(seen).toEqual([['a1'], ['a1', 'a2'], []]);
  });

  it('a read overtaken by a newer one is dropped, whatever order they answer in', async () => {
    const events = fakeEvents();
    const reads: ReturnType<typeof deferred<Approval[]>>[] = [];
    const queue = createApprovalQueue({
      list: () => {
        const read = deferred<Approval[]>();
        reads.push(read);
        return read.promise;
      },
      onEvent: events.onEvent,
    });
    const seen: number[] = [];
    queue.onChange((approvals) => seen.push(approvals.length));
    events.emit(approvalEvent('resolved', approval()));
    // The newest read (empty) answers first; the start-up read (one call) answers late.
    reads[1]!.resolve([]);
    reads[0]!.resolve([approval()]);
    await settle();
    expect(queue.current()).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('a failed read is logged and leaves the queue as it was', async () => {
    const events = fakeEvents();
    const log = vi.fn();
    let fail = false;
    const queue = createApprovalQueue({
      list: async () => {
        if (fail) throw new Error('store closed');
        return [approval()];
      },
      onEvent: events.onEvent,
      log,
    });
    await settle();
    fail = true;
    await queue.refresh();
    expect(queue.current()).toHaveLength(1);
    expect(log).toHaveBeenCalledWith('Could not read the approval queue: store closed');
  });

  it('dispose stops listening', () => {
    const events = fakeEvents();
    const queue = createApprovalQueue({ list: async () => [], onEvent: events.onEvent });
    expect(events.listenerCount).toBe(1);
    queue.dispose();
    expect(events.listenerCount).toBe(0);
  });
});
