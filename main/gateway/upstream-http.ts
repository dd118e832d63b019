import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { GATEWAY_ERROR, errorResponse, isRequest, parseMessage, type JsonRpcMessage } from './jsonrpc';
import type { Upstream, UpstreamHandlers } from './upstream';

export interface HttpUpstreamOptions {
  url: string;
  /** `http` tries Streamable HTTP first and falls back to the legacy HTTP+SSE transport. */
  transport: 'http' | 'sse';
  headers: Record<string, string>;
}

/**
 * A remote server over Streamable HTTP or legacy SSE, through the SDK's client transports used as
 * raw pipes: messages go through as they are; the transport keeps the session id and version header.
 */
export function startHttpUpstream(options: HttpUpstreamOptions, handlers: UpstreamHandlers): Upstream {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Remote servers must use http or https, not ${url.protocol}`);
  }
  const requestInit: RequestInit = { headers: options.headers };
  let transport: Transport;
  let closed = false;
  // Until the first message (initialize) has gone through, later ones wait: if the server turns out
  // to speak only the legacy transport, they must go there.
  let firstSent: Promise<void> | undefined;

  const attach = (t: Transport) => {
    t.onmessage = (message) => {
      let line: string;
      try {
        line = JSON.stringify(message);
      } catch (error) {
        // Nested too deep to write out again: the session could not read it safely anyway.
        handlers.onStderr(`[portcullis] dropped a message from the remote server: ${String(error)}\n`);
        return;
      }
      handlers.onLine(line);
    };
    t.onerror = (error) => handlers.onStderr(`[portcullis] remote transport: ${error.message}\n`);
    t.onclose = () => {
      if (t !== transport || closed) return;
      closed = true;
      handlers.onClose();
    };
    transport = t;
    return t;
  };

  const streamable = () => attach(new StreamableHTTPClientTransport(url, { requestInit }));
  const sse = () =>
    attach(
      new SSEClientTransport(url, { requestInit, eventSourceInit: { fetch: withHeaders(options.headers) } }),
    );

  const started = (options.transport === 'sse' ? sse() : streamable()).start();

  const deliver = async (message: JsonRpcMessage, first: boolean): Promise<void> => {
    await started;
    try {
      await transport.send(message as JSONRPCMessage);
    } catch (error) {
      if (first && options.transport === 'http' && isLegacyOnly(error)) {
        handlers.onStderr(
          '[portcullis] no Streamable HTTP endpoint here; trying the legacy HTTP+SSE transport\n',
        );
        const abandoned = transport;
        // This transport's close is ours, not the server going away: it must not end the session.
        abandoned.onclose = undefined;
        abandoned.onerror = undefined;
        await abandoned.close().catch(() => undefined);
        await sse().start();
        await transport.send(message as JSONRPCMessage);
        return;
      }
      throw error;
    }
  };

  // Bytes handed to the transport and not yet delivered: the remote side's backlog.
  let backlog = 0;
  const sendOne = (message: JsonRpcMessage, bytes: number) => {
    backlog += bytes;
    const first = firstSent === undefined;
    const run = first ? deliver(message, true) : firstSent!.then(() => deliver(message, false));
    if (first) firstSent = run.catch(() => undefined);
    run
      .catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        handlers.onStderr(`[portcullis] could not reach ${url.origin}: ${text}\n`);
        // The client is waiting for an answer: give it one that says what went wrong.
        if (isRequest(message)) {
          handlers.onLine(
            errorResponse(
              message.id,
              GATEWAY_ERROR,
              `Portcullis could not reach the remote server ${url.origin}: ${text}`,
            ),
          );
        }
      })
      .finally(() => {
        const wasFull = backlog >= HIGH_WATER_BYTES;
        backlog -= bytes;
        if (wasFull && backlog < HIGH_WATER_BYTES) handlers.onDrain?.();
      });
  };

  const send = (line: string): boolean => {
    const message = parseMessage(line);
    if (!message) return true;
    // A remote server takes one message per request: a batch goes as its messages, in order.
    if (Array.isArray(message)) for (const m of message) sendOne(m, Buffer.byteLength(JSON.stringify(m)));
    else sendOne(message, Buffer.byteLength(line));
    return backlog < HIGH_WATER_BYTES;
  };

  return {
    pid: undefined,
    send,
    buffered: () => backlog,
    setProtocolVersion(version) {
      if (transport instanceof StreamableHTTPClientTransport) transport.setProtocolVersion(version);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (transport instanceof StreamableHTTPClientTransport)
        await transport.terminateSession().catch(() => undefined);
      await transport.close().catch(() => undefined);
    },
  };
}

/** Past this many undelivered bytes the client is not read until the remote side catches up. */
const HIGH_WATER_BYTES = 1024 * 1024;

function isLegacyOnly(error: unknown): boolean {
  return error instanceof StreamableHTTPError && [400, 404, 405].includes(error.code ?? 0);
}

/** The SSE GET goes through EventSource, which takes its headers from a custom fetch. */
function withHeaders(headers: Record<string, string>): typeof fetch {
  return (input, init) =>
    fetch(input, { ...init, headers: { ...headers, ...Object.fromEntries(new Headers(init?.headers)) } });
}
