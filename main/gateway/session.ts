import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../shared/audit';
import type { LiveCall } from '../../shared/events';
import type { PolicyDecision } from '../../shared/policy';
import type { SessionInfo, UpstreamTransport } from '../../shared/servers';
import type { CallContext } from '../policy/evaluate';
import {
  GATEWAY_ERROR,
  INVALID_REQUEST,
  PARSE_ERROR,
  errorResponse,
  idKey,
  isRequest,
  isResponse,
  parseMessage,
  resultResponse,
  type JsonRpcId,
  type JsonRpcMessage,
} from './jsonrpc';
import { redactedJson } from './redact';
import { MAX_MESSAGE_BYTES } from './shim-protocol';
import type { Upstream } from './upstream';

/** What a session needs from the gateway around it. */
export interface SessionDeps {
  decide(call: CallContext): PolicyDecision;
  audit(entry: AuditEntry): void;
  onCall(call: LiveCall): void;
  /** Wall-clock milliseconds, for timestamps. */
  now(): number;
  /** Monotonic milliseconds, for latency. */
  clock(): number;
}

/** The client side of a session: the shim's socket. */
export interface Downstream {
  /** A JSON-RPC message: its text, and its exact framed bytes when it passes through unchanged. */
  send(line: string, framed?: Buffer): void;
  close(): void;
}

interface Outstanding {
  method: string;
  call?: PendingCall;
}

interface PendingCall {
  live: LiveCall;
  started: number;
  argsJson: string;
}

const PREVIEW_CHARS = 2000;

/**
 * One client talking to one server through Portcullis. Messages pass through as the exact text
 * that arrived; only `initialize` and `tools/call` are read and acted on. A denied call is answered
 * here and never reaches the server.
 */
export class Session {
  readonly id = randomUUID();
  readonly startedAt: number;
  private upstream: Upstream | undefined;
  /** Messages from the client that arrived before the upstream was ready. */
  private queued: { line: string; framed: Buffer | undefined }[] = [];
  /** Client requests the server has not answered yet, by id. */
  private outstanding = new Map<string, Outstanding>();
  private ended = false;
  private protocolVersion: string | undefined;
  private clientInfo: SessionInfo['clientInfo'];
  private serverInfo: SessionInfo['serverInfo'];
  private calls = 0;

  constructor(
    readonly client: string,
    readonly server: string,
    readonly transport: UpstreamTransport,
    private readonly downstream: Downstream,
    private readonly deps: SessionDeps,
  ) {
    this.startedAt = deps.now();
  }

  info(): SessionInfo {
    return {
      id: this.id,
      client: this.client,
      server: this.server,
      transport: this.transport,
      startedAt: this.startedAt,
      calls: this.calls,
      ...(this.protocolVersion ? { protocolVersion: this.protocolVersion } : {}),
      ...(this.clientInfo ? { clientInfo: this.clientInfo } : {}),
      ...(this.serverInfo ? { serverInfo: this.serverInfo } : {}),
      ...(this.upstream?.pid ? { pid: this.upstream.pid } : {}),
    };
  }

  /** The upstream is running: send it what the client already said. */
  attach(upstream: Upstream): void {
    if (this.ended) {
      void upstream.close();
      return;
    }
    this.upstream = upstream;
    for (const { line, framed } of this.queued) upstream.send(line, framed);
    this.queued = [];
  }

  fromClient(line: string, framed?: Buffer): void {
    if (this.ended) return;
    const parsed = parseMessage(line);
    if (parsed === undefined) {
      // Never forward what we could not read: the server might read it differently than we did.
      this.downstream.send(
        errorResponse(null, PARSE_ERROR, 'Portcullis could not parse this message as JSON-RPC.'),
      );
      return;
    }
    if (Array.isArray(parsed)) {
      const forward = parsed.filter((m) => this.intercept(m));
      if (forward.length === parsed.length) this.toUpstream(line, framed);
      else if (forward.length > 0) this.toUpstream(JSON.stringify(forward));
      return;
    }
    if (this.intercept(parsed)) this.toUpstream(line, framed);
  }

  /** A message from the client was too large to read: say so rather than drop it silently. */
  oversized(bytes: number): void {
    const message = `Portcullis dropped a ${bytes}-byte message: larger than the ${MAX_MESSAGE_BYTES}-byte limit.`;
    this.downstream.send(errorResponse(null, INVALID_REQUEST, message));
  }

  /** False when the line is not JSON-RPC (a server's stray output): it is dropped, the caller logs it. */
  fromServer(line: string, framed?: Buffer): boolean {
    if (this.ended) return true;
    const parsed = parseMessage(line);
    if (parsed === undefined) return false;
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (isResponse(message)) this.settle(message, line);
    }
    this.downstream.send(line, framed);
    return true;
  }

  /** The upstream could not start or went away: answer whatever the client still waits for, then end. */
  upstreamClosed(problem?: string): void {
    if (this.ended) return;
    const message = problem
      ? `Portcullis: the server "${this.server}" ${problem}.`
      : `Portcullis: the server "${this.server}" closed the connection.`;
    for (const { line } of this.queued) {
      const m = parseMessage(line);
      if (m && !Array.isArray(m) && isRequest(m))
        this.downstream.send(errorResponse(m.id, GATEWAY_ERROR, message));
    }
    this.queued = [];
    for (const [key, pending] of this.outstanding) {
      this.downstream.send(errorResponse(keyToId(key), GATEWAY_ERROR, message));
      if (pending.call) this.finishCall(pending.call, 'error', undefined, message);
    }
    this.outstanding.clear();
    this.end();
  }

  /** The client went away (or the gateway is stopping). */
  close(reason = 'the client disconnected before the server answered'): void {
    if (this.ended) return;
    for (const pending of this.outstanding.values()) {
      if (pending.call) this.finishCall(pending.call, 'error', undefined, reason);
    }
    this.outstanding.clear();
    this.end();
  }

  private end(): void {
    this.ended = true;
    this.downstream.close();
    void this.upstream?.close();
  }

  private toUpstream(line: string, framed?: Buffer): void {
    if (this.upstream) this.upstream.send(line, framed);
    else this.queued.push({ line, framed });
  }

  /** Decide what to do with one message from the client. True: send it on to the server. */
  private intercept(m: JsonRpcMessage): boolean {
    if (m.method === 'notifications/cancelled') this.cancelled(m);
    if (!isRequest(m)) return true;
    if (m.method === 'initialize') this.clientInfo = pickInfo(field(m.params, 'clientInfo'));
    if (m.method === 'tools/call') return this.toolCall(m);
    this.outstanding.set(idKey(m.id), { method: m.method });
    return true;
  }

  private toolCall(m: JsonRpcMessage & { id: JsonRpcId }): boolean {
    const tool = field(m.params, 'name');
    if (typeof tool !== 'string' || tool.length === 0) {
      this.downstream.send(errorResponse(m.id, INVALID_REQUEST, 'Portcullis: tools/call needs a tool name.'));
      return false;
    }
    const rawArgs = field(m.params, 'arguments');
    const args =
      rawArgs && typeof rawArgs === 'object' && !Array.isArray(rawArgs)
        ? (rawArgs as Record<string, unknown>)
        : {};
    const decision = this.deps.decide({ client: this.client, server: this.server, tool, args });
    const argsJson = redactedJson(args);
    const live: LiveCall = {
      id: randomUUID(),
      sessionId: this.id,
      client: this.client,
      server: this.server,
      tool,
      argsPreview: argsJson.length > PREVIEW_CHARS ? `${argsJson.slice(0, PREVIEW_CHARS)}…` : argsJson,
      startedAt: this.deps.now(),
      decision: decision.action,
      rule: decision.rule,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      status: 'pending',
    };
    this.calls++;
    const call: PendingCall = { live, started: this.deps.clock(), argsJson };

    if (decision.action === 'deny') {
      const why = decision.reason ?? 'the policy does not allow this tool';
      const text = `[POLICY DENIED] Portcullis blocked "${tool}" on server "${this.server}": ${why} (rule: ${decision.rule}).`;
      this.downstream.send(resultResponse(m.id, { content: [{ type: 'text', text }], isError: true }));
      this.finishCall(call, 'denied');
      return false;
    }
    this.outstanding.set(idKey(m.id), { method: 'tools/call', call });
    this.deps.onCall(live);
    return true;
  }

  private settle(response: JsonRpcMessage & { id: JsonRpcId }, line: string): void {
    const key = idKey(response.id);
    const pending = this.outstanding.get(key);
    if (!pending) return;
    this.outstanding.delete(key);
    if (pending.method === 'initialize') this.initialized(response);
    if (!pending.call) return;
    const failed = response.error !== undefined || field(response.result, 'isError') === true;
    const error = response.error === undefined ? undefined : describeError(response.error);
    this.finishCall(pending.call, failed ? 'error' : 'ok', Buffer.byteLength(line), error);
  }

  private initialized(response: JsonRpcMessage): void {
    const version = field(response.result, 'protocolVersion');
    if (typeof version === 'string') {
      this.protocolVersion = version;
      this.upstream?.setProtocolVersion?.(version);
    }
    this.serverInfo = pickInfo(field(response.result, 'serverInfo'));
  }

  private cancelled(m: JsonRpcMessage): void {
    const requestId = field(m.params, 'requestId');
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    const key = idKey(requestId);
    const pending = this.outstanding.get(key);
    if (!pending) return;
    this.outstanding.delete(key);
    if (pending.call) this.finishCall(pending.call, 'error', undefined, 'cancelled by the client');
  }

  private finishCall(
    call: PendingCall,
    status: LiveCall['status'],
    resultBytes?: number,
    error?: string,
  ): void {
    const latencyMs = status === 'denied' ? 0 : this.deps.clock() - call.started;
    const live: LiveCall = {
      ...call.live,
      status,
      latencyMs,
      ...(resultBytes === undefined ? {} : { resultBytes }),
    };
    this.deps.onCall(live);
    this.deps.audit({
      ts: live.startedAt,
      kind: 'call',
      event: 'tools/call',
      client: this.client,
      server: this.server,
      tool: live.tool,
      args: call.argsJson,
      decision: live.decision,
      rule: live.rule,
      reason: live.reason ?? null,
      latencyMs,
      isError: status !== 'ok',
      resultBytes: resultBytes ?? null,
      error: error ?? null,
      sessionId: this.id,
      detail: null,
    });
  }
}

function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function pickInfo(value: unknown): { name: string; version?: string } | undefined {
  const name = field(value, 'name');
  const version = field(value, 'version');
  if (typeof name !== 'string') return undefined;
  return typeof version === 'string' ? { name, version } : { name };
}

function describeError(error: unknown): string {
  const message = field(error, 'message');
  const code = field(error, 'code');
  return `${typeof code === 'number' ? `${code} ` : ''}${typeof message === 'string' ? message : 'error'}`;
}

function keyToId(key: string): JsonRpcId {
  return key.startsWith('n:') ? Number(key.slice(2)) : key.slice(2);
}
