import type { ConnectionState } from '../api/event-stream';
import type { TransportKind } from '../api/select-transport';

export function connectionLabel(state: ConnectionState, kind: TransportKind): string {
  switch (state.kind) {
    case 'open':
      return kind === 'ipc' ? 'Connected' : 'Live';
    case 'connecting':
      return state.attempt === 0 ? 'Connecting…' : 'Reconnecting…';
    case 'waiting':
      return `Disconnected · retry ${state.attempt} in ${Math.max(1, Math.round(state.delayMs / 1000))} s`;
  }
}

export function connectionDescription(state: ConnectionState, kind: TransportKind): string {
  if (kind === 'ipc') return 'Events arrive directly from the desktop app.';
  return state.kind === 'open'
    ? 'Receiving events from the gateway as they happen.'
    : 'Not receiving events: the lists may be out of date until the connection is back.';
}
