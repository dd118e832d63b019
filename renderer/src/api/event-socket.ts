import type { GatewayEvent } from '../../../shared/events';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import { createEmitter, parseGatewayEvent, type ConnectionState, type EventStream } from './event-stream';

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  /** Called once when the socket is gone, whether it never opened or dropped later. */
  close(): void;
}

/** Opens a WebSocket and forwards what happens to it; returns a way to close it. */
export type SocketFactory = (url: string, on: SocketHandlers) => { close(): void };

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * A connection must stay up this long before the backoff starts again from the beginning, so a
 * server that accepts and immediately drops the socket is not hammered every half second.
 */
export const STABLE_CONNECTION_MS = 5_000;

export interface EventSocketOptions {
  url: string;
  connect: SocketFactory;
  timers?: Timers;
  random?: () => number;
  backoff?: BackoffOptions;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

/** A WebSocket that reconnects with backoff for as long as the stream is not closed. */
export function createEventSocket(options: EventSocketOptions): EventStream {
  const timers = options.timers ?? defaultTimers;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? defaultBackoff;
  const events = createEmitter<GatewayEvent>();
  const stateChanges = createEmitter<void>();

  let state: ConnectionState = { kind: 'connecting', attempt: 0 };
  let socket: { close(): void } | undefined;
  let current: object | undefined;
  let timer: unknown;
  let failures = 0;
  let opens = 0;
  let openedAt: number | undefined;
  let closed = false;

  function setState(next: ConnectionState) {
    state = next;
    stateChanges.emit();
  }

  function connect() {
    timer = undefined;
    setState({ kind: 'connecting', attempt: failures });
    // Each attempt gets its own token, so late callbacks from a replaced socket are ignored.
    const attempt = {};
    current = attempt;
    try {
      const handle = options.connect(options.url, {
        open() {
          if (current !== attempt) return;
          openedAt = timers.now();
          opens += 1;
          setState({ kind: 'open', opens });
        },
        message(data) {
          if (current !== attempt) return;
          const event = parseGatewayEvent(data);
          if (event) events.emit(event);
        },
        close() {
          if (current !== attempt) return;
          if (openedAt !== undefined && timers.now() - openedAt >= STABLE_CONNECTION_MS) failures = 0;
          openedAt = undefined;
          current = undefined;
          socket = undefined;
          if (!closed) scheduleRetry();
        },
      });
      if (current === attempt) socket = handle;
    } catch {
      // A malformed URL or a CSP refusal throws synchronously; treat it like a dropped connection.
      current = undefined;
      scheduleRetry();
    }
  }

  function scheduleRetry() {
    failures += 1;
    const delayMs = backoffDelay(failures, random, backoff);
    setState({ kind: 'waiting', attempt: failures, delayMs });
    timer = timers.setTimeout(connect, delayMs);
  }

  connect();

  return {
    subscribe: events.subscribe,
    getState: () => state,
    onStateChange: stateChanges.subscribe,
    retryNow() {
      if (closed || state.kind !== 'waiting') return;
      timers.clearTimeout(timer);
      connect();
    },
    close() {
      closed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      const open = socket;
      current = undefined;
      socket = undefined;
      open?.close();
    },
  };
}
