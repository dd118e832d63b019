import { randomUUID } from 'node:crypto';
import type { Outcome } from '../../shared/audit';
import type { SessionInfo, UpstreamTransport } from '../../shared/servers';
import type { Verdict } from '../policy/policy-service';
import { CallRecords, ERROR_RULE, REFUSED_RULE, type PendingCall } from './call-record';
import { ClientRoots } from './client-roots';
import { lineSafe, peekEnvelope, readMessage } from './frame';
import { examine, type Examined } from './governed';
import { InFlight, systemTimers } from './in-flight';
import { redactText, redactedJson } from '../redact';
import {
  GATEWAY_ERROR,
  INVALID_REQUEST,
  PARSE_ERROR,
  REQUEST_TIMEOUT,
  errorResponse,
  field,
  idKey,
  isRequest,
  isResponse,
  resultResponse,
  type JsonRpcId,
  type JsonRpcMessage,
} from './jsonrpc';
import type {
  ApprovalOutcome,
  Downstream,
  PendingApproval,
  SessionDeps,
  WaitingClient,
} from './session-types';
import { MAX_MESSAGE_BYTES } from './shim-protocol';
import { ToolListing, clip, pickInfo } from './tool-listing';
import type { Upstream } from './upstream';

export type {
  ApprovalOutcome,
  ApprovalRequest,
  Downstream,
  PendingApproval,
  SessionDeps,
} from './session-types';

interface Request {
  method: string;
  call?: PendingCall;
  /** For tools/list: a request without a cursor starts the listing over. */
  firstPage?: boolean;
}

type Call = Extract<Examined, { kind: 'call' }>;

/** Requests one session may have waiting for the server at once. */
export const MAX_IN_FLIGHT = 1024;
/** Calls one session may have waiting for the person at once. */
export const MAX_WAITING_APPROVALS = 32;
/** Bytes the client may send before the server is running; past it, the client is not read. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
/**
 * Bytes waiting for a client or a server that is not reading. Reading from the other side stops at
 * the high-water mark, so this is only reached when that other side cannot be paused (a remote
 * server's event stream) or a single message is huge; then the session ends rather than the gateway
 * growing without bound.
 */
export const MAX_BACKLOG_BYTES = MAX_MESSAGE_BYTES + 16 * 1024 * 1024;
/** The default for `callTimeoutMs`. */
export const DEFAULT_CALL_TIMEOUT_MS = 5 * 60 * 1000;

export { ERROR_RULE, REFUSED_RULE } from './call-record';

/** A server message that is answered for, and not passed on. */
const DROP = Symbol('drop');

/**
 * One client talking to one server through Portcullis. Messages pass through as the exact bytes
 * that arrived, once read strictly; only `initialize`, `tools/list`, `tools/call` and the client's
 * answers to `roots/list` are acted on. Every message that names `tools/call` is decided by the
 * policy or refused here (`examine`); a denied call never reaches the server; a call that needs
 * approval waits here; a call the server does not answer in time gets an error.
 */
export class Session {
  readonly id = randomUUID();
  readonly startedAt: number;
  private upstream: Upstream | undefined;
  /** Messages from the client that arrived before the upstream was ready. */
  private queued: { line: string; framed: Buffer | undefined }[] = [];
  private queuedBytes = 0;
  /** Client requests the server has not answered yet. */
  private readonly inFlight: InFlight<Request>;
  /** Calls waiting for the person (an approval, or a review of the tool's definition), by request id. */
  private held = new Map<
    string,
    { pending: PendingApproval; call: PendingCall; for: 'approval' | 'review' }
  >();
  private readonly calls: CallRecords;
  private readonly listing: ToolListing;
  private readonly clientRoots = new ClientRoots();
  private clientInfo: SessionInfo['clientInfo'];
  private ended = false;
  /** Set when the server could not be started: every request is answered with it. */
  private unavailable: string | undefined;
  private heardFromServer = false;
  private endReason: string | undefined;

  constructor(
    readonly client: string,
    readonly server: string,
    readonly transport: UpstreamTransport,
    private readonly downstream: Downstream,
    private readonly deps: SessionDeps,
  ) {
    this.startedAt = deps.now();
    this.inFlight = new InFlight<Request>(deps.timers ?? systemTimers, (id, request, afterMs) =>
      this.timedOut(id, request, afterMs),
    );
    this.calls = new CallRecords(this.id, client, server, deps);
    this.listing = new ToolListing(deps.isHidden, deps.onToolsListed);
  }

  info(): SessionInfo {
    const { protocolVersion, serverInfo } = this.listing;
    return {
      id: this.id,
      client: this.client,
      server: this.server,
      transport: this.transport,
      startedAt: this.startedAt,
      calls: this.calls.count,
      ...(protocolVersion ? { protocolVersion } : {}),
      ...(this.clientInfo ? { clientInfo: this.clientInfo } : {}),
      ...(serverInfo ? { serverInfo } : {}),
      ...(this.upstream?.pid ? { pid: this.upstream.pid } : {}),
    };
  }

  /** Why the session ended, when Portcullis ended it (not the client or the server). */
  get ending(): string | undefined {
    return this.endReason;
  }

  /** The folders the client declared as roots (its last answer to the server's `roots/list`). */
  roots(): string[] {
    return this.clientRoots.paths();
  }

  /** The upstream is running: send it what the client already said. */
  attach(upstream: Upstream): void {
    if (this.ended) {
      void upstream.close();
      return;
    }
    this.upstream = upstream;
    for (const { line, framed } of this.queued) this.toUpstream(line, framed);
    this.queued = [];
    this.queuedBytes = 0;
    this.downstream.resumeReading();
  }

  fromClient(line: string, framed?: Buffer): void {
    if (this.ended) return;
    const read = readMessage(line, framed);
    if (!read.ok) {
      this.refuseUnread(null, read.parse ? PARSE_ERROR : INVALID_REQUEST, read.problem, line);
      return;
    }
    const message = read.message;
    if (this.unavailable !== undefined) {
      for (const m of [message].flat()) {
        if (isRequest(m)) this.downstream.send(errorResponse(m.id, GATEWAY_ERROR, this.unavailable));
      }
      return;
    }
    if (!Array.isArray(message)) {
      if (this.accept(message)) this.toUpstream(line, framed);
      return;
    }
    if (message.length === 0) {
      this.refuseUnread(null, INVALID_REQUEST, 'an empty batch', line);
      return;
    }
    const forward = message.filter((m) => this.accept(m));
    if (forward.length === message.length) this.toUpstream(line, framed);
    else if (forward.length > 0) this.toUpstream(JSON.stringify(forward));
  }

  /** A message from the client was too large to read: answer it with its own id where it can be read. */
  oversized(bytes: number, head = ''): void {
    const { id, method } = peekEnvelope(head);
    const problem = `a ${bytes}-byte message is larger than the ${MAX_MESSAGE_BYTES}-byte limit`;
    this.refuseUnread(id ?? null, INVALID_REQUEST, problem, method ?? head);
  }

  /** False when the line is not JSON-RPC (a server's stray output): it is dropped, the caller logs it. */
  fromServer(line: string, framed?: Buffer): boolean {
    if (this.ended) return true;
    this.heardFromServer = true;
    const read = readMessage(line, framed);
    if (!read.ok) {
      if (read.parse) return false;
      this.serverMessageRefused(peekEnvelope(line.slice(0, 64 * 1024)).id, read.problem);
      return true;
    }
    const message = read.message;
    if (!Array.isArray(message)) {
      const out = this.fromServerOne(message, framed?.length ?? Buffer.byteLength(line));
      if (out === undefined) this.toClient(line, framed);
      else if (out !== DROP) this.toClient(out);
      return true;
    }
    let changed = false;
    const kept: unknown[] = [];
    for (const m of message) {
      const out = this.fromServerOne(m, Buffer.byteLength(JSON.stringify(m)));
      if (out === DROP) changed = true;
      else if (out === undefined) kept.push(m);
      else {
        changed = true;
        kept.push(JSON.parse(out));
      }
    }
    if (!changed) this.toClient(line, framed);
    else if (kept.length > 0) this.toClient(JSON.stringify(kept));
    return true;
  }

  /** A message from the server was too large to read: fail the request it answers, if it can be told. */
  serverOversized(bytes: number, head: string): void {
    const { id } = peekEnvelope(head);
    this.serverMessageRefused(
      id,
      `the server sent a ${bytes}-byte message, larger than the ${MAX_MESSAGE_BYTES}-byte limit`,
    );
  }

  /** The client took what was waiting for it: the server may be read again. */
  clientDrained(): void {
    this.upstream?.resume?.();
  }

  /** The server took what was waiting for it: the client may be read again. */
  serverDrained(): void {
    if (this.upstream) this.downstream.resumeReading();
  }

  /**
   * The policy changed. If the client would now be shown a different set of tools, tell it to list
   * them again (the listing itself is filtered as it passes through).
   */
  policyChanged(): void {
    if (this.ended || !this.listing.changed()) return;
    this.toClient(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }));
  }

  /**
   * The upstream could not start or went away: answer whatever the client still waits for. True when
   * the session ended; false when it stays to tell the client why at each request (the server failed
   * before it ever answered, so the client may not have asked anything yet).
   */
  upstreamClosed(problem?: string): boolean {
    if (this.ended) return true;
    const message = problem
      ? `Portcullis: the server "${this.server}" ${problem}.`
      : `Portcullis: the server "${this.server}" closed the connection.`;
    // Every request queued or sent is in flight: each gets the one answer it is owed.
    this.queued = [];
    this.queuedBytes = 0;
    for (const { id, value } of this.inFlight.drain()) {
      this.downstream.send(errorResponse(id, GATEWAY_ERROR, message));
      if (value.call)
        this.calls.finish(value.call, { kind: 'stopped', outcome: 'server_error', error: message });
    }
    this.withdrawAll('the server went away');
    if (this.heardFromServer || problem === undefined) {
      this.end();
      return true;
    }
    this.unavailable = message;
    this.downstream.resumeReading();
    return false;
  }

  /**
   * The client went away (`withdrawn`), the gateway is stopping (`unknown`: the server may still
   * run what it was sent), or Portcullis ended the session (`portcullis_error`).
   */
  close(
    reason = 'the client disconnected before the server answered',
    outcome: 'withdrawn' | 'unknown' | 'portcullis_error' = 'withdrawn',
  ): void {
    if (this.ended) return;
    for (const { value } of this.inFlight.drain()) {
      if (value.call) this.calls.finish(value.call, { kind: 'stopped', outcome, error: reason });
    }
    this.withdrawAll(reason);
    this.end();
  }

  /** Portcullis ends the session itself (a peer past its limits): recorded, and the calls answered where possible. */
  abort(reason: string): void {
    if (this.ended) return;
    this.endReason = reason;
    this.deps.log?.(`[portcullis] ended the session: ${reason}`);
    this.close(`Portcullis ended the session: ${reason}`, 'portcullis_error');
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
    this.calls.finish(held.call, {
      kind: 'stopped',
      outcome: 'withdrawn',
      error: `withdrawn while waiting for ${held.for}: ${reason}`,
    });
  }

  /** The only way anything reaches the server. */
  private toUpstream(raw: string, rawFramed?: Buffer): void {
    const [line, framed] = lineSafe(raw, rawFramed);
    if (!this.upstream) {
      this.queued.push({ line, framed });
      this.queuedBytes += line.length;
      if (this.queuedBytes > MAX_QUEUED_BYTES) this.downstream.pauseReading();
      return;
    }
    if (!this.upstream.send(line, framed)) this.downstream.pauseReading();
    const backlog = this.upstream.buffered?.() ?? 0;
    if (backlog > MAX_BACKLOG_BYTES) {
      this.abort(`the server "${this.server}" stopped reading; ${backlog} bytes were waiting for it`);
    }
  }

  private toClient(line: string, framed?: Buffer): void {
    if (!this.downstream.send(line, framed)) this.upstream?.pause?.();
    const backlog = this.downstream.buffered();
    if (backlog > MAX_BACKLOG_BYTES) {
      this.abort(`the client stopped reading; ${backlog} bytes were waiting for it`);
    }
  }

  /** Decide what to do with one message from the client. True: send it on to the server now. */
  private accept(m: JsonRpcMessage): boolean {
    const examined = examine(m, (id) => this.inFlight.has(id) || this.held.has(idKey(id)));
    if (examined.kind === 'refuse') {
      this.refuse(examined);
      return false;
    }
    if (examined.kind === 'call') return this.toolCall(examined, m);
    if (m.method === undefined) {
      this.clientRoots.clientAnswered(m);
      return true;
    }
    if (m.method === 'notifications/cancelled') this.cancelled(m);
    if (!isRequest(m)) return true;
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.downstream.send(errorResponse(m.id, GATEWAY_ERROR, tooManyInFlight));
      return false;
    }
    if (m.method === 'initialize') this.clientInfo = pickInfo(field(m.params, 'clientInfo'));
    const firstPage = m.method === 'tools/list' ? field(m.params, 'cursor') === undefined : undefined;
    this.inFlight.add(m.id, { method: m.method, ...(firstPage === undefined ? {} : { firstPage }) });
    return true;
  }

  /** Answer a refused message with a JSON-RPC error; a refused tool call is also audited. */
  private refuse(refused: Extract<Examined, { kind: 'refuse' }>): void {
    const message = `Portcullis refused the message: ${refused.message}.`;
    this.downstream.send(errorResponse(refused.id, INVALID_REQUEST, message));
    if (refused.call) this.recordRefusal(refused.tool, message);
  }

  /** A message that could not be read safely: answered, never forwarded, audited when it names a tool call. */
  private refuseUnread(id: JsonRpcId | null, code: number, problem: string, text: string): void {
    const message = `Portcullis refused the message: ${problem}.`;
    this.downstream.send(errorResponse(id, code, message));
    this.deps.log?.(`[portcullis] refused a message from the client: ${problem}`);
    if (/tools\W{0,8}call/i.test(text.slice(0, 64 * 1024))) this.recordRefusal(undefined, message);
  }

  private recordRefusal(tool: string | undefined, message: string): void {
    const name = tool === undefined ? '(unreadable)' : clip(tool);
    const call = this.calls.start(name, '{}', { action: 'deny', rule: REFUSED_RULE, reason: message });
    this.calls.finish(call, { kind: 'denied', outcome: 'refused' });
  }

  private toolCall(call: Call, m: JsonRpcMessage): boolean {
    const { id, tool, args } = call;
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.downstream.send(errorResponse(id, GATEWAY_ERROR, tooManyInFlight));
      this.recordRefusal(tool, tooManyInFlight);
      return false;
    }
    // A tool whose definition no one has accepted is not run, whatever the policy says (main/trust):
    // the call waits for the person's review where it can, and is refused where it cannot.
    const held = this.deps.held?.(tool);
    if (held) {
      const { rule } = held;
      const full = this.held.size >= MAX_WAITING_APPROVALS;
      const review = held.waits && !full ? this.deps.awaitReview : undefined;
      const reason = held.waits && full ? `${waitingFull}; ${held.reason}` : held.reason;
      const pending = this.calls.start(tool, redactedJson(args), {
        action: review ? 'approve' : 'deny',
        rule,
        reason,
      });
      if (review) {
        this.holdForReview(m, call, pending, review(tool, this.waitingClient(call)));
      } else {
        this.deps.heldRefused?.(tool, { rule, reason });
        this.deny(id, pending, reason, rule);
      }
      return false;
    }
    const verdict = this.verdictFor(tool, args);
    return this.decided(
      m,
      call,
      this.calls.start(tool, redactedJson(args), verdict.decision, verdict.shadow),
      verdict,
    );
  }

  /** Act on the policy's verdict for a call; true: forward it now. */
  private decided(m: JsonRpcMessage, call: Call, pending: PendingCall, verdict: Verdict): boolean {
    const { id } = call;
    const { decision } = verdict;
    if (decision.action === 'deny') {
      this.deny(id, pending, decision.reason ?? 'the policy does not allow this tool', decision.rule);
      return false;
    }
    if (decision.action === 'approve') {
      this.holdForApproval(m, call, pending, verdict);
      return false;
    }
    if (!this.commit(verdict, id, pending)) return false;
    return this.forwardCall(call, pending);
  }

  /** The policy's verdict; a policy that fails to decide denies, and says so. */
  private verdictFor(tool: string, args: Record<string, unknown>): Verdict {
    try {
      return this.deps.decide({ client: this.client, server: this.server, tool, args, sessionId: this.id });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.deps.log?.(`[portcullis] the policy could not decide "${tool}": ${why}`);
      return {
        decision: {
          action: 'deny',
          rule: ERROR_RULE,
          reason: `Portcullis could not evaluate the policy (${why}), so the call is denied`,
        },
        commit: () => undefined,
      };
    }
  }

  /** Count the call against its limits; a failure there denies it rather than letting it through uncounted. */
  private commit(verdict: Verdict, id: JsonRpcId, call: PendingCall): boolean {
    try {
      verdict.commit();
      return true;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const text = `Portcullis could not count the call against its limits (${why})`;
      this.deny(id, call, text, ERROR_RULE, 'portcullis_error');
      return false;
    }
  }

  /**
   * The call goes to the server, with a deadline that progress from the server keeps moving. Its
   * record is committed first; if it cannot be, the call does not go (false).
   */
  private forwardCall(call: Call, pending: PendingCall): boolean {
    // A call that waited for the person is forwarded later: the cap may have been reached meanwhile.
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.deny(call.id, pending, tooManyInFlight, REFUSED_RULE, 'refused');
      return false;
    }
    try {
      this.calls.forwarding(pending);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.deps.log?.(`[portcullis] could not record "${call.tool}" before forwarding it: ${why}`);
      this.deny(
        call.id,
        pending,
        `Portcullis could not record the call in its audit log (${why})`,
        ERROR_RULE,
        'portcullis_error',
      );
      return false;
    }
    const timeoutMs = this.deps.callTimeoutMs?.() ?? DEFAULT_CALL_TIMEOUT_MS;
    const progressToken = field(call.params._meta, 'progressToken');
    this.inFlight.add(call.id, { method: 'tools/call', call: pending }, { timeoutMs, progressToken });
    this.calls.update(pending, 'pending');
    return true;
  }

  private deny(id: JsonRpcId, call: PendingCall, why: string, rule: string, outcome?: Outcome): void {
    const text = `[POLICY DENIED] Portcullis blocked "${call.live.tool}" on server "${this.server}": ${why} (rule: ${rule}).`;
    this.downstream.send(resultResponse(id, { content: [{ type: 'text', text }], isError: true }));
    this.calls.finish(call, { kind: 'denied', ...(outcome ? { outcome } : {}) });
  }

  /**
   * Hold a call to a tool whose definition waits for review. Once the person accepts it, the policy
   * decides the call as if it had just arrived; a rejection or no review in time refuses it.
   */
  private holdForReview(m: JsonRpcMessage, call: Call, pending: PendingCall, review: PendingApproval): void {
    // As for an approval: what goes on is the message that was examined, re-encoded.
    const line = JSON.stringify(m);
    this.waitOnPerson(call.id, pending, review, 'review', (outcome) => {
      if (!outcome.allow) {
        // Recorded like an approval refused: who rejected it, or not reviewed in time.
        pending.approval = outcome;
        this.deny(call.id, pending, outcome.reason, pending.decision.rule);
        return;
      }
      const verdict = this.verdictFor(call.tool, call.args);
      this.calls.redecide(pending, verdict.decision, verdict.shadow);
      if (this.decided(m, call, pending, verdict)) this.toUpstream(line);
    });
  }

  /** How a call that waits for the person keeps its client informed (when it sent a progress token). */
  private waitingClient(call: Call): WaitingClient {
    const progressToken = field(call.params._meta, 'progressToken');
    return {
      progressToken:
        typeof progressToken === 'string' || typeof progressToken === 'number' ? progressToken : undefined,
      notify: (out) => {
        if (!this.ended) this.toClient(out);
      },
    };
  }

  /**
   * A call waits for the person (an approval, a review); `answered` runs with their answer unless
   * the call was withdrawn meanwhile or the session ended.
   */
  private waitOnPerson(
    id: JsonRpcId,
    pending: PendingCall,
    waiting: PendingApproval,
    what: 'approval' | 'review',
    answered: (outcome: ApprovalOutcome) => void,
  ): void {
    const key = idKey(id);
    this.held.set(key, { pending: waiting, call: pending, for: what });
    pending.waited = true;
    this.calls.update(pending, 'waiting');
    void waiting.outcome.then((outcome) => {
      if (this.held.get(key)?.pending !== waiting) return; // withdrawn: already accounted for
      this.held.delete(key);
      if (!this.ended) answered(outcome);
    });
  }

  /** Hold the call until the person answers; then send it on, or refuse it, with the answer's reason. */
  private holdForApproval(m: JsonRpcMessage, call: Call, pending: PendingCall, verdict: Verdict): void {
    const { decision } = verdict;
    const { id } = call;
    if (!this.deps.requestApproval) {
      const why = `this call needs approval (${decision.reason ?? decision.rule}), and no one can approve it here`;
      this.deny(id, pending, why, decision.rule);
      return;
    }
    if (this.held.size >= MAX_WAITING_APPROVALS) {
      const why = `this call needs approval, and ${waitingFull}`;
      this.deny(id, pending, why, decision.rule);
      return;
    }
    // What goes on once approved is the message that was examined, re-encoded: nothing else.
    const line = JSON.stringify(m);
    pending.live = { ...pending.live, status: 'waiting' };
    const approval = this.deps.requestApproval({
      call: pending.live,
      args: pending.argsJson,
      decision,
      ...this.waitingClient(call),
    });
    this.waitOnPerson(id, pending, approval, 'approval', (outcome) => {
      pending.approval = outcome;
      if (!outcome.allow) {
        this.deny(id, pending, outcome.reason, decision.rule);
        return;
      }
      if (!this.commit(verdict, id, pending)) return;
      if (this.forwardCall(call, pending)) this.toUpstream(line);
    });
  }

  /** One message from the server. Returns a replacement for it, DROP, or undefined to send it as it is. */
  private fromServerOne(m: JsonRpcMessage, bytes: number): string | typeof DROP | undefined {
    if (isResponse(m)) return this.settle(m, bytes);
    if (m.method === 'notifications/progress') this.inFlight.progressed(field(m.params, 'progressToken'));
    else this.clientRoots.serverAsked(m);
    return undefined;
  }

  /** The server sent something that cannot be passed on safely: fail the request it answers, if known. */
  private serverMessageRefused(id: JsonRpcId | undefined, problem: string): void {
    this.deps.log?.(`[portcullis] dropped a message from the server: ${problem}`);
    const request = id === undefined ? undefined : this.inFlight.take(id);
    if (id === undefined || !request) return;
    const message = `Portcullis: the server's answer could not be passed on (${problem}).`;
    this.toClient(errorResponse(id, GATEWAY_ERROR, message));
    if (request.call)
      this.calls.finish(request.call, { kind: 'stopped', outcome: 'server_error', error: message });
  }

  /** Returns a replacement for the response when Portcullis changed it, or DROP. */
  private settle(
    response: JsonRpcMessage & { id: JsonRpcId },
    bytes: number,
  ): string | typeof DROP | undefined {
    // The client was already told this request timed out: a second answer would confuse it.
    if (this.inFlight.takeLate(response.id)) return DROP;
    const pending = this.inFlight.take(response.id);
    if (!pending) return undefined;
    if (pending.method === 'initialize') {
      const replaced = this.listing.initialized(response);
      if (this.listing.protocolVersion) this.upstream?.setProtocolVersion?.(this.listing.protocolVersion);
      return replaced;
    }
    if (pending.method === 'tools/list') return this.listing.page(response, pending.firstPage !== false);
    if (!pending.call) return undefined;
    const failed = response.error !== undefined || field(response.result, 'isError') === true;
    this.calls.finish(pending.call, {
      kind: 'answered',
      failed,
      bytes,
      result: response.result,
      ...(response.error === undefined ? {} : { error: describeError(response.error) }),
    });
    return undefined;
  }

  /** The server did not answer in time: the client gets an error, the server a cancellation. */
  private timedOut(id: JsonRpcId, request: Request, afterMs: number): void {
    if (this.ended) return;
    const seconds = Math.round(afterMs / 100) / 10;
    const message = `Portcullis: the server "${this.server}" did not answer within ${seconds} s, so the call was stopped.`;
    this.toClient(errorResponse(id, REQUEST_TIMEOUT, message));
    const reason = `timed out after ${seconds} s in Portcullis`;
    this.toUpstream(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason },
      }),
    );
    if (request.call) {
      this.calls.finish(request.call, {
        kind: 'stopped',
        outcome: 'timed_out',
        error: `timed out after ${seconds} s: the server did not answer`,
      });
    }
  }

  private cancelled(m: JsonRpcMessage): void {
    const requestId = field(m.params, 'requestId');
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
    this.withdraw(idKey(requestId), 'the client cancelled the call');
    const pending = this.inFlight.take(requestId);
    if (pending?.call) {
      this.calls.finish(pending.call, {
        kind: 'stopped',
        outcome: 'withdrawn',
        error: 'cancelled by the client',
      });
    }
  }
}

const tooManyInFlight = `Portcullis: more than ${MAX_IN_FLIGHT} requests are waiting for the server.`;
const waitingFull = `${MAX_WAITING_APPROVALS} calls of this session are already waiting for the person`;

/** A server's error, as recorded: servers put connection strings and tokens in their errors. */
function describeError(error: unknown): string {
  const message = field(error, 'message');
  const code = field(error, 'code');
  const text = `${typeof code === 'number' ? `${code} ` : ''}${typeof message === 'string' ? message : 'error'}`;
  return redactText(clip(text, 4000));
}
