import { gatewayEventSchema, type GatewayEvent } from '../../../shared/events';

/**
 * - `connecting`: a connection attempt is under way (`attempt` counts failures since the last open).
 * - `open`: events are flowing; `opens` counts successful connections, so a change means "reconnected".
 * - `waiting`: the connection dropped and the next attempt is scheduled.
 */
export type ConnectionState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; opens: number }
  | { kind: 'waiting'; attempt: number; delayMs: number };

export interface EventStream {
  subscribe(listener: (event: GatewayEvent) => void): () => void;
  /** Returns the same object until the state changes (what useSyncExternalStore needs). */
  getState(): ConnectionState;
  onStateChange(listener: () => void): () => void;
  /** Skip the wait and try to connect now (no-op unless waiting). */
  retryNow(): void;
  close(): void;
}

/** Events cross a process or network boundary: anything that is not a known event is dropped. */
export function parseGatewayEvent(raw: unknown): GatewayEvent | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  const parsed = gatewayEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export interface Emitter<T> {
  emit(value: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function createEmitter<T>(): Emitter<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    emit(value) {
      for (const listener of [...listeners]) listener(value);
    },
    subscribe(listener) {
      // A wrapper, so that subscribing the same function twice gives two independent subscriptions.
      const entry = (value: T) => listener(value);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}
