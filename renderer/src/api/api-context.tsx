import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient } from '../../../shared/api';
import type { ConnectionState, EventStream } from './event-stream';
import type { Transport, TransportKind } from './select-transport';

const TransportContext = createContext<Transport | undefined>(undefined);

export function ApiProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  return <TransportContext value={transport}>{children}</TransportContext>;
}

function useTransport(): Transport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport: no <ApiProvider> above this component.');
  return transport;
}

export function useApiClient(): ApiClient {
  return useTransport().client;
}

export function useTransportKind(): TransportKind {
  return useTransport().kind;
}

export function useEventStream(): EventStream {
  return useTransport().events;
}

export function useConnectionState(): { state: ConnectionState; retryNow: () => void } {
  const { events } = useTransport();
  const state = useSyncExternalStore(events.onStateChange, events.getState);
  return { state, retryNow: events.retryNow };
}
