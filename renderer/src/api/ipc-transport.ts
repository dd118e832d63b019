import type { ApiEnvelope, Channel } from '../../../shared/api';
import type { GatewayEvent } from '../../../shared/events';
import { decodeEnvelope, failure } from './envelope';
import { createEmitter, parseGatewayEvent, type ConnectionState, type EventStream } from './event-stream';
import type { PortcullisBridge } from './portcullis-bridge';

export function createIpcSend(bridge: PortcullisBridge) {
  return async (channel: Channel, args: unknown): Promise<ApiEnvelope<unknown>> => {
    try {
      return decodeEnvelope(channel, await bridge.invoke(channel, args ?? {}));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return failure('unavailable', `The desktop app did not answer ${channel}: ${message}`);
    }
  };
}

/** IPC events come from our own main process: the stream is open for as long as the window lives. */
export function createIpcEvents(bridge: PortcullisBridge): EventStream {
  const events = createEmitter<GatewayEvent>();
  const state: ConnectionState = { kind: 'open', opens: 1 };
  let unsubscribe: (() => void) | undefined = bridge.onEvent((raw) => {
    const event = parseGatewayEvent(raw);
    if (event) events.emit(event);
  });
  return {
    subscribe: events.subscribe,
    getState: () => state,
    onStateChange: () => () => {},
    retryNow: () => {},
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
