import type { GatewayEvent } from '../shared/events';
import type { Dispatch } from './api/dispatch';

/** What `portcullis serve` and the Electron shell both start: gateway, store, control API, dashboard. */
export interface RuntimeOptions {
  dataDir: string;
  /** Dashboard/API port on 127.0.0.1; defaults to the settings' `dashboardPort`. 0 picks a free one. */
  port?: number;
  /** The built renderer (out/renderer) served to browsers. */
  rendererDir: string;
  log?: (line: string) => void;
}

export interface Runtime {
  dataDir: string;
  /** The control API, validated: what IPC, HTTP and in-process callers all go through. */
  dispatch: Dispatch;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  /** http://127.0.0.1:PORT/ */
  dashboardUrl: string;
  /** The dashboard address with the one-time login token. */
  loginUrl: string;
  stop(): Promise<void>;
}

export async function startRuntime(_options: RuntimeOptions): Promise<Runtime> {
  throw new Error('startRuntime: not built yet');
}
