import type { ApiEnvelope, Channel } from '../../../shared/api';

/**
 * What the Electron preload exposes through contextBridge as `window.portcullis`. The preload (in
 * main/app/) must match this shape; the renderer checks it at startup and validates every answer and
 * event anyway, because a contract that drifts should fail loudly here rather than render garbage.
 */
export interface PortcullisBridge {
  invoke(channel: Channel, args: unknown): Promise<ApiEnvelope<unknown>>;
  /** Gateway events (`GatewayEvent` from shared/events). Returns the unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside Electron; in a browser the dashboard talks HTTP + WebSocket instead. */
    readonly portcullis?: PortcullisBridge;
  }
}
