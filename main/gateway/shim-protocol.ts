/**
 * The first line a shim sends on the gateway socket, and the gateway's one-line answer. After the
 * welcome, the socket carries the client's raw JSON-RPC stream in both directions.
 * Kept free of heavy imports: the shim loads this on every client start.
 */
export const SHIM_PROTOCOL_VERSION = 1;

export interface ShimHello {
  type: 'hello';
  version: number;
  token: string;
  client: string;
  server: string;
  /** The environment the client gave the shim: what the client would have given the server. */
  env: Record<string, string>;
  cwd: string;
  pid: number;
}

export type GatewayAnswer = { type: 'welcome'; session: string } | { type: 'refused'; message: string };

/** Longest hello accepted (a large environment fits easily). */
export const MAX_HELLO_BYTES = 1024 * 1024;

/** Longest JSON-RPC message accepted from a client or server (tool results with images can be large). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
