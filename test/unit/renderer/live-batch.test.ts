import { describe, expect, it } from 'vitest';
import type { LiveCall } from '../../../shared/events';
import { applyBatch, upsertCall } from '../../../renderer/src/features/live/live-calls';
import { liveCall } from './factories';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A stream as the gateway sends it: calls start, some end, some echo their start late. With `ties`,
 * calls start within a few milliseconds of each other in any order; without, in order, as time goes.
 */
function stream(next: () => number, length: number, ties = true): LiveCall[] {
  const events: LiveCall[] = [];
  const started: LiveCall[] = [];
  for (let i = 0; i < length; i++) {
    const r = next();
    if (r < 0.5 || started.length === 0) {
      const call = liveCall({
        id: `c${i}`,
        startedAt: ties ? 1000 + Math.floor(next() * 40) : 1000 + 2 * i,
        status: 'pending',
      });
      started.push(call);
      events.push(call);
    } else {
      const call = started[Math.floor(next() * started.length)]!;
      events.push(
        r < 0.9
          ? { ...call, status: next() < 0.5 ? 'ok' : 'denied', outcome: 'allowed' }
          : // A late echo of the start must not undo the end.
            call,
      );
    }
  }
  return events;
}

const order = (calls: readonly LiveCall[]) => calls.map((c) => `${c.id}:${c.status}`);

function frames(next: () => number, events: LiveCall[]): LiveCall[][] {
  const out: LiveCall[][] = [];
  for (let at = 0; at < events.length;) {
    const size = 1 + Math.floor(next() * 25);
    out.push(events.slice(at, at + size));
    at += size;
  }
  return out;
}

describe('applying a frame of live events at once', () => {
  it('gives exactly what applying them one by one gives', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed);
      let oneByOne: readonly LiveCall[] = [];
      let batched: readonly LiveCall[] = [];
      for (const frame of frames(next, stream(next, 120))) {
        for (const event of frame) oneByOne = upsertCall(oneByOne, event, 1000);
        batched = applyBatch(batched, frame, 1000);
        expect(order(batched), `seed ${seed}`).toEqual(order(oneByOne));
      }
    }
  });

  it('at the cap, keeps the newest calls, newest first, and never puts an ended call back to running', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed);
      const cap = 5 + Math.floor(next() * 30);
      let batched: readonly LiveCall[] = [];
      const ended = new Set<string>();
      for (const frame of frames(next, stream(next, 120, false))) {
        batched = applyBatch(batched, frame, cap);
        for (const call of frame) if (call.status !== 'pending') ended.add(call.id);
        expect(batched.length).toBeLessThanOrEqual(cap);
        for (let i = 1; i < batched.length; i++) {
          expect(batched[i - 1]!.startedAt).toBeGreaterThanOrEqual(batched[i]!.startedAt);
        }
        for (const call of batched) if (ended.has(call.id)) expect(call.status).not.toBe('pending');
        // Nothing newer than the oldest kept call was dropped.
        const oldest = batched[batched.length - 1]?.startedAt ?? -Infinity;
        const seen = new Set(frame.map((c) => c.id));
        for (const call of frame) {
          if (call.startedAt > oldest && seen.has(call.id)) {
            expect(
              batched.some((kept) => kept.id === call.id),
              `seed ${seed}`,
            ).toBe(true);
          }
        }
      }
    }
  });

  it('returns the same list when a frame changes nothing', () => {
    const calls = [liveCall({ id: 'a', status: 'ok' })];
    expect(applyBatch(calls, [liveCall({ id: 'a', status: 'pending' })])).toBe(calls);
    expect(applyBatch(calls, [])).toBe(calls);
  });
});
