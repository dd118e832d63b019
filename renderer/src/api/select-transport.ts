import { createApiClient, httpPaths, type ApiClient } from '../../../shared/api';
import { createEventSocket, type SocketFactory } from './event-socket';
import type { EventStream } from './event-stream';
import { createHttpSend, type FetchLike } from './http-transport';
import { createIpcEvents, createIpcSend } from './ipc-transport';
import type { PortcullisBridge } from './portcullis-bridge';

export type TransportKind = 'ipc' | 'http';

export interface Transport {
  kind: TransportKind;
  client: ApiClient;
  events: EventStream;
}

/** What the transport needs from the page; `browserEnvironment()` reads it from `window`. */
export interface TransportEnvironment {
  bridge: unknown;
  location: { protocol: string; host: string };
  fetch: FetchLike;
  openSocket: SocketFactory;
}

export function isBridge(value: unknown): value is PortcullisBridge {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof PortcullisBridge, unknown>>;
  return typeof candidate.invoke === 'function' && typeof candidate.onEvent === 'function';
}

export function transportKind(bridge: unknown): TransportKind {
  return isBridge(bridge) ? 'ipc' : 'http';
}

/** The event WebSocket lives on the page's own host, encrypted if the page is. */
export function eventsUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${httpPaths.events}`;
}

export function selectTransport(env: TransportEnvironment): Transport {
  if (isBridge(env.bridge)) {
    return {
      kind: 'ipc',
      client: createApiClient(createIpcSend(env.bridge)),
      events: createIpcEvents(env.bridge),
    };
  }
  return {
    kind: 'http',
    client: createApiClient(createHttpSend(env.fetch)),
    events: createEventSocket({ url: eventsUrl(env.location), connect: env.openSocket }),
  };
}

export function browserEnvironment(): TransportEnvironment {
  return {
    bridge: window.portcullis,
    location: window.location,
    // Called through a closure: an unbound `fetch` throws "Illegal invocation" in Chromium.
    fetch: (input, init) => fetch(input, init),
    openSocket: (url, on) => {
      const socket = new WebSocket(url);
      socket.onopen = () => on.open();
      socket.onmessage = (message) => on.message(message.data);
      // An error is always followed by a close, and the close decides what happens next.
      socket.onclose = () => on.close();
      return socket;
    },
  };
}
