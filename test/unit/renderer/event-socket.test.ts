import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../../shared/events';
import { backoffDelay } from '../../../renderer/src/api/backoff';
import {
  createEventSocket,
  STABLE_CONNECTION_MS,
  type SocketHandlers,
  type Timers,
} from '../../../renderer/src/api/event-socket';

/** Timers driven by hand: `advance` runs what is due, in order. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    now: () => now,
  };
  return {
    timers,
    scheduled: () => [...pending.values()].map((timer) => timer.at - now),
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

function setup() {
  const clock = manualTimers();
  const sockets: { url: string; on: SocketHandlers; closed: boolean }[] = [];
  const stream = createEventSocket({
    url: 'ws://127.0.0.1:7345/api/events',
    connect: (url, on) => {
      const socket = { url, on, closed: false };
      sockets.push(socket);
      return { close: () => void (socket.closed = true) };
    },
    timers: clock.timers,
    random: () => 0,
  });
  const latest = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket opened');
    return socket;
  };
  return { clock, sockets, stream, latest };
}

const auditEvent: GatewayEvent = { type: 'audit', lastId: 7 };

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, () => 0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
  });

  it('takes up to 30% off at random', () => {
    expect(backoffDelay(1, () => 1)).toBe(350);
    expect(backoffDelay(3, () => 0.5)).toBe(1700);
  });
});

describe('createEventSocket', () => {
  it('connects at once and reports open', () => {
    const { stream, sockets, latest } = setup();
    expect(sockets.map((socket) => socket.url)).toEqual(['ws://127.0.0.1:7345/api/events']);
    expect(stream.getState()).toEqual({ kind: 'connecting', attempt: 0 });
    latest().on.open();
    expect(stream.getState()).toEqual({ kind: 'open', opens: 1 });
  });

  it('delivers valid JSON events and drops the rest', () => {
    const { stream, latest } = setup();
    const received: GatewayEvent[] = [];
    stream.subscribe((event) => received.push(event));
    latest().on.open();
    latest().on.message(JSON.stringify(auditEvent));
    latest().on.message('not json');
    latest().on.message(JSON.stringify({ type: 'audit', lastId: 'seven' }));
    expect(received).toEqual([auditEvent]);
  });

  it('reconnects after a drop, waiting longer after each failed attempt', () => {
    const { stream, sockets, latest, clock } = setup();
    latest().on.open();
    latest().on.close();
    expect(stream.getState()).toEqual({ kind: 'waiting', attempt: 1, delayMs: 500 });

    clock.advance(499);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    expect(stream.getState()).toEqual({ kind: 'connecting', attempt: 1 });

    latest().on.close();
    expect(stream.getState()).toMatchObject({ kind: 'waiting', attempt: 2, delayMs: 1000 });
    clock.advance(1000);
    latest().on.close();
    expect(stream.getState()).toMatchObject({ kind: 'waiting', attempt: 3, delayMs: 2000 });
    clock.advance(2000);
    latest().on.open();
    expect(stream.getState()).toEqual({ kind: 'open', opens: 2 });
  });

  it('starts the backoff over only after a connection that stayed up', () => {
    const { stream, latest, clock } = setup();
    latest().on.close();
    clock.advance(500);
    latest().on.open();
    clock.advance(100);
    latest().on.close();
    expect(stream.getState()).toMatchObject({ kind: 'waiting', attempt: 2 });

    clock.advance(1000);
    latest().on.open();
    clock.advance(STABLE_CONNECTION_MS);
    latest().on.close();
    expect(stream.getState()).toMatchObject({ kind: 'waiting', attempt: 1, delayMs: 500 });
  });

  it('retries at once when asked, without a second timer firing later', () => {
    const { stream, sockets, latest, clock } = setup();
    latest().on.close();
    stream.retryNow();
    expect(sockets).toHaveLength(2);
    expect(clock.scheduled()).toEqual([]);
    latest().on.open();
    stream.retryNow();
    expect(sockets).toHaveLength(2);
  });

  it('ignores callbacks from a socket it has replaced', () => {
    const { stream, sockets, clock } = setup();
    const first = sockets[0]!;
    first.on.close();
    clock.advance(500);
    const received: GatewayEvent[] = [];
    stream.subscribe((event) => received.push(event));
    first.on.open();
    first.on.message(JSON.stringify(auditEvent));
    first.on.close();
    expect(stream.getState()).toEqual({ kind: 'connecting', attempt: 1 });
    expect(received).toEqual([]);
  });

  it('treats a socket that cannot even be created as a failed attempt', () => {
    const clock = manualTimers();
    let calls = 0;
    const stream = createEventSocket({
      url: 'ws://bad',
      connect: () => {
        calls += 1;
        throw new SyntaxError('bad URL');
      },
      timers: clock.timers,
      random: () => 0,
    });
    expect(stream.getState()).toMatchObject({ kind: 'waiting', attempt: 1 });
    clock.advance(500);
    expect(calls).toBe(2);
    stream.close();
  });

  it('stops for good when closed', () => {
    const { stream, sockets, latest, clock } = setup();
    latest().on.open();
    stream.close();
    expect(latest().closed).toBe(true);
    latest().on.close();
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('tells state listeners about every change', () => {
    const { stream, latest } = setup();
    const kinds: string[] = [];
    stream.onStateChange(() => kinds.push(stream.getState().kind));
    latest().on.open();
    latest().on.close();
    expect(kinds).toEqual(['open', 'waiting']);
  });
});
