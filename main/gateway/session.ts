import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../../shared/audit';
import type { LiveCall } from '../../shared/events';
import type { PolicyDecision } from '../../shared/policy';
import type { SessionInfo, UpstreamTransport } from '../../shared/servers';
import type { ToolDescriptor } from '../../shared/tools';
import type { CallContext } from '../policy/evaluate';
import type { Verdict } from '../policy/policy-service';
import { redactText, redactedJson } from '../redact';
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
import { MAX_MESSAGE_BYTES } from './shim-protocol';
import type { Upstream } from './upstream';

/** A call the policy sent for approval, as the session hands it to whoever asks the person. */
export interface ApprovalRequest {
  call: LiveCall;
  /** The whole arguments as JSON text, secrets redacted: what the person is asked to approve. */
  args: string;
  decision: PolicyDecision;
  /** The request's progress token, when the client sent one: the client can be kept informed. */
  progressToken: string | number | undefined;
  /** Send a message to the client (progress notifications while the call waits). */
  notify(line: string): void;
}

export interface ApprovalOutcome {
  allow: boolean;
  /** Said to the agent and written to the audit log. */
  reason: string;
  /** Who answered: `person (popup)`, `cli`, `timeout`. */
  by: string;
}

/** A pending approval the session can withdraw (the client cancelled, or went away). */
export interface PendingApproval {
  outcome: Promise<ApprovalOutcome>;
  withdraw(reason: string): void;
}

/** What a session needs from the gateway around it. */
export interface SessionDeps {
  decide(call: CallContext): Verdict;
  /** Whether tools/list should leave a tool out. */
  isHidden(tool: string): boolean;
  /** A server's tools/list answer, as the server sent it (hidden tools included). */
  onToolsListed?(tools: ToolDescriptor[]): void;
  /** Ask the person. Without it, calls that need approval are refused. */
  requestApproval?(request: ApprovalRequest): PendingApproval;
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
  /** For tools/list: a request without a cursor starts the listing over. */
  firstPage?: boolean;
}

interface PendingCall {
  live: LiveCall;
  started: number;
  argsJson: string;
  shadow: string | null;
  approval?: ApprovalOutcome;
}

const PREVIEW_CHARS = 2000;

/**
 * One client talking to one server through Portcullis. Messages pass through as the exact bytes
 * that arrived; only `initialize`, `tools/list` and `tools/call` are read and acted on. A denied
 * call is answered here and never reaches the server; a call that needs approval waits here.
 */
export class Session {
  readonly id = randomUUID();
  readonly startedAt: number;
  private upstream: Upstream | undefined;
  /** Messages from the client that arrived before the upstream was ready. */
  private queued: { line: string; framed: Buffer | undefined }[] = [];
  /** Client requests the server has not answered yet, by id. */
  private outstanding = new Map<string, Outstanding>();
  /** Calls waiting for the person, by request id. */
  private held = new Map<string, { pending: PendingApproval; call: PendingCall }>();
  private ended = false;
  private protocolVersion: string | undefined;
  private clientInfo: SessionInfo['clientInfo'];
  private serverInfo: SessionInfo['serverInfo'];
  private calls = 0;
  /** The tools the server last listed, and which of them the client was not shown. */
  private listed: string[] | undefined;
  private hidden = new Set<string>();

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
    if (Array.isArray(parsed)) {
      for (const message of parsed) if (isResponse(message)) this.settle(message, line);
      this.downstream.send(line, framed);
      return true;
    }
    const replacement = isResponse(parsed) ? this.settle(parsed, line) : undefined;
    if (replacement === undefined) this.downstream.send(line, framed);
    else this.downstream.send(replacement);
    return true;
  }

  /**
   * The policy changed. If the client would now be shown a different set of tools, tell it to list
   * them again (the listing itself is filtered as it passes through).
   */
  policyChanged(): void {
    if (this.ended || this.listed === undefined) return;
    const nowHidden = new Set(this.listed.filter((name) => this.deps.isHidden(name)));
    if (sameSet(nowHidden, this.hidden)) return;
    this.hidden = nowHidden;
    this.downstream.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }));
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
    this.withdrawAll('the server went away');
    this.end();
  }

  /** The client went away (or the gateway is stopping). */
  close(reason = 'the client disconnected before the server answered'): void {
    if (this.ended) return;
    for (const pending of this.outstanding.values()) {
      if (pending.call) this.finishCall(pending.call, 'error', undefined, reason);
    }
    this.outstanding.clear();
    this.withdrawAll(reason);
    this.end();
  }

  private end(): void {
    this.ended = true;
    this.downstream.close();
    void this.upstream?.close();
  }

  private withdrawAll(reason: string): void {
    for (const key of [...this.held.keys()]) this.withdraw(key, reason);
  }

  /** Stop waiting for the person: the call is over, and recorded as such. */
  private withdraw(key: string, reason: string): void {
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    held.pending.withdraw(reason);
    this.finishCall(held.call, 'error', undefined, `withdrawn while waiting for approval: ${reason}`);
  }

  private toUpstream(line: string, framed?: Buffer): void {
    if (this.upstream) this.upstream.send(line, framed);
    else this.queued.push({ line, framed });
  }

  /** Decide what to do with one message from the client. True: send it on to the server now. */
  private intercept(m: JsonRpcMessage): boolean {
    if (m.method === 'notifications/cancelled') this.cancelled(m);
    if (!isRequest(m)) return true;
    if (m.method === 'initialize') this.clientInfo = pickInfo(field(m.params, 'clientInfo'));
    if (m.method === 'tools/call') return this.toolCall(m);
    const firstPage = m.method === 'tools/list' ? field(m.params, 'cursor') === undefined : undefined;
    this.outstanding.set(idKey(m.id), {
      method: m.method,
      ...(firstPage === undefined ? {} : { firstPage }),
    });
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
    const verdict = this.deps.decide({
      client: this.client,
      server: this.server,
      tool,
      args,
      sessionId: this.id,
    });
    const { decision } = verdict;
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
      ...(verdict.shadow ? { shadow: { action: verdict.shadow.action, rule: verdict.shadow.rule } } : {}),
      status: 'pending',
    };
    this.calls++;
    const call: PendingCall = {
      live,
      started: this.deps.clock(),
      argsJson,
      shadow: verdict.shadow ? JSON.stringify(verdict.shadow) : null,
    };

    if (decision.action === 'deny') {
      this.deny(m.id, call, decision.reason ?? 'the policy does not allow this tool', decision.rule);
      return false;
    }
    if (decision.action === 'approve') {
      this.holdForApproval(m, call, verdict);
      return false;
    }
    verdict.commit();
    this.outstanding.set(idKey(m.id), { method: 'tools/call', call });
    this.deps.onCall(live);
    return true;
  }

  private deny(id: JsonRpcId, call: PendingCall, why: string, rule: string): void {
    const text = `[POLICY DENIED] Portcullis blocked "${call.live.tool}" on server "${this.server}": ${why} (rule: ${rule}).`;
    this.downstream.send(resultResponse(id, { content: [{ type: 'text', text }], isError: true }));
    this.finishCall(call, 'denied');
  }

  /** Hold the call until the person answers; then send it on, or refuse it, with the answer's reason. */
  private holdForApproval(m: JsonRpcMessage & { id: JsonRpcId }, call: PendingCall, verdict: Verdict): void {
    const { decision } = verdict;
    if (!this.deps.requestApproval) {
      this.deny(
        m.id,
        call,
        `this call needs approval (${decision.reason ?? decision.rule}), and no one can approve it here`,
        decision.rule,
      );
      return;
    }
    const line = JSON.stringify(m);
    const key = idKey(m.id);
    const progressToken = field(field(m.params, '_meta'), 'progressToken');
    const waiting: LiveCall = { ...call.live, status: 'waiting' };
    call.live = waiting;
    const pending = this.deps.requestApproval({
      call: waiting,
      args: call.argsJson,
      decision,
      progressToken:
        typeof progressToken === 'string' || typeof progressToken === 'number' ? progressToken : undefined,
      notify: (out) => {
        if (!this.ended) this.downstream.send(out);
      },
    });
    this.held.set(key, { pending, call });
    this.deps.onCall(waiting);
    void pending.outcome.then((outcome) => {
      if (this.held.get(key)?.pending !== pending) return; // withdrawn: already accounted for
      this.held.delete(key);
      if (this.ended) return;
      call.approval = outcome;
      if (!outcome.allow) {
        this.deny(m.id, call, outcome.reason, decision.rule);
        return;
      }
      verdict.commit();
      call.live = { ...call.live, status: 'pending' };
      this.outstanding.set(key, { method: 'tools/call', call });
      this.deps.onCall(call.live);
      this.toUpstream(line);
    });
  }

  /** Returns a replacement for the response line when Portcullis changed it. */
  private settle(response: JsonRpcMessage & { id: JsonRpcId }, line: string): string | undefined {
    const key = idKey(response.id);
    const pending = this.outstanding.get(key);
    if (!pending) return undefined;
    this.outstanding.delete(key);
    if (pending.method === 'initialize') return this.initialized(response);
    if (pending.method === 'tools/list') return this.listedTools(response, pending.firstPage !== false);
    if (!pending.call) return undefined;
    const failed = response.error !== undefined || field(response.result, 'isError') === true;
    const error = response.error === undefined ? undefined : describeError(response.error);
    this.finishCall(pending.call, failed ? 'error' : 'ok', Buffer.byteLength(line), error);
    return undefined;
  }

  /**
   * Note the negotiated version and the server's name. Portcullis can change what a client may see
   * when the policy changes, so the client is told the tool list can change (`listChanged`).
   */
  private initialized(response: JsonRpcMessage): string | undefined {
    const result = response.result;
    const version = field(result, 'protocolVersion');
    if (typeof version === 'string') {
      this.protocolVersion = version;
      this.upstream?.setProtocolVersion?.(version);
    }
    this.serverInfo = pickInfo(field(result, 'serverInfo'));
    const tools = field(field(result, 'capabilities'), 'tools');
    if (!tools || typeof tools !== 'object' || field(tools, 'listChanged') === true) return undefined;
    (tools as Record<string, unknown>).listChanged = true;
    return JSON.stringify(response);
  }

  /** Record what the server offers, and leave out the tools the policy hides. */
  private listedTools(response: JsonRpcMessage, firstPage: boolean): string | undefined {
    const tools = field(response.result, 'tools');
    if (!Array.isArray(tools)) return undefined;
    const descriptors = tools.filter((t): t is ToolDescriptor => typeof field(t, 'name') === 'string');
    this.deps.onToolsListed?.(descriptors);
    // A paginated listing adds to what the client was shown; the first page starts over.
    const names = descriptors.map((t) => t.name);
    this.listed = firstPage ? names : [...(this.listed ?? []), ...names];
    const hiddenHere = names.filter((name) => this.deps.isHidden(name));
    if (firstPage) this.hidden = new Set(hiddenHere);
    else for (const name of hiddenHere) this.hidden.add(name);
    if (hiddenHere.length === 0) return undefined;
    (response.result as Record<string, unknown>).tools = tools.filter(
      (t) => !this.hidden.has(String(field(t, 'name'))),
    );
    return JSON.stringify(response);
  }

  private cancelled(m: JsonRpcMessage): void {
    const requestId = field(m.params, 'requestId');
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    const key = idKey(requestId);
    this.withdraw(key, 'the client cancelled the call');
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
    const latencyMs = status === 'denied' && !call.approval ? 0 : this.deps.clock() - call.started;
    const live: LiveCall = {
      ...call.live,
      status,
      latencyMs,
      ...(resultBytes === undefined ? {} : { resultBytes }),
    };
    this.deps.onCall(live);
    const approval = call.approval;
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
      reason: approval
        ? `${approval.allow ? 'approved' : 'denied'} by ${approval.by}: ${approval.reason}`
        : (live.reason ?? null),
      latencyMs,
      isError: status !== 'ok',
      resultBytes: resultBytes ?? null,
      error: error ?? null,
      sessionId: this.id,
      detail: null,
      shadow: call.shadow,
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

/** A server's error, as recorded: servers put connection strings and tokens in their errors. */
function describeError(error: unknown): string {
  const message = field(error, 'message');
  const code = field(error, 'code');
  return redactText(
    `${typeof code === 'number' ? `${code} ` : ''}${typeof message === 'string' ? message : 'error'}`,
  );
}

function keyToId(key: string): JsonRpcId {
  return key.startsWith('n:') ? Number(key.slice(2)) : key.slice(2);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
