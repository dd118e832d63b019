import type { ApiEnvelope, Channel } from '../../shared/api';
import type { BridgeTable } from './bridge-argument';

/**
 * `window.portcullis` as the renderer expects it (renderer/src/api/portcullis-bridge.d.ts; the two
 * TypeScript projects cannot import each other's files, so the shape is repeated here).
 */
export interface PortcullisBridge {
  invoke(channel: Channel, args: unknown): Promise<ApiEnvelope<unknown>>;
  /** Gateway events. Returns the unsubscribe function. */
  onEvent(listener: (event: unknown) => void): () => void;
}

/** The part of `ipcRenderer` the bridge uses; the real one fits. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The two functions the page may call. Only channels in the table get through, and neither
 * `ipcRenderer` nor the IPC event object (whose `sender` is `ipcRenderer`) ever reaches the page.
 */
export function createBridge(ipc: IpcRendererLike, table: BridgeTable): PortcullisBridge {
  // A Map, not the table object: `constructor` or `__proto__` must not look like channels.
  const names = new Map(Object.entries(table.invoke));
  return {
    invoke(channel, args) {
      const name = typeof channel === 'string' ? names.get(channel) : undefined;
      if (name === undefined) {
        return Promise.reject(new Error(`Unknown Portcullis API channel ${JSON.stringify(channel)}.`));
      }
      return ipc.invoke(name, args) as Promise<ApiEnvelope<unknown>>;
    },
    onEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function.');
      const relay = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(table.event, relay);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(table.event, relay);
      };
    },
  };
}
