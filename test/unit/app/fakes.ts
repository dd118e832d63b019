import type { GatewayEvent } from '../../../shared/events';

/** A tiny event bus standing in for `runtime.onEvent`. */
export function fakeEvents() {
  const listeners = new Set<(event: GatewayEvent) => void>();
  return {
    onEvent(listener: (event: GatewayEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event: GatewayEvent) {
      for (const listener of listeners) listener(event);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

export function sessionEvent(state: 'opened' | 'closed', id: string): GatewayEvent {
  return {
    type: 'session',
    state,
    session: { id, client: 'cursor', server: 'github', transport: 'stdio', startedAt: 0, calls: 0 },
  };
}

/** A preventable event like Electron's. */
export function preventable() {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
  return event;
}
