import { randomUUID } from 'node:crypto';
import type { AuditEntry, Outcome } from '../../shared/audit';
import type { LiveCall } from '../../shared/events';
import type { PolicyDecision } from '../../shared/policy';
import { resultPreview } from './result-preview';
import type { ApprovalOutcome, SessionDeps } from './session-types';

/** A tool call from the moment it is decided until its outcome is recorded. */
export interface PendingCall {
  live: LiveCall;
  started: number;
  argsJson: string;
  shadow: string | null;
  decision: PolicyDecision;
  approval?: ApprovalOutcome;
  /** It waited for the person (an approval or a review): its latency counts the wait. */
  waited?: boolean;
}

/** How a call ended, as the session saw it. */
export type Ending =
  /** The server answered (`failed`: a JSON-RPC error, or a result with isError). */
  | { kind: 'answered'; failed: boolean; bytes: number; result?: unknown; error?: string }
  /** Refused before the server saw it: by a rule, a limit, the person, a timeout or a refusal. */
  | { kind: 'denied'; outcome?: Outcome }
  /** Stopped after it was let through or while it waited: withdrawn, timed out, lost. */
  | { kind: 'stopped'; outcome: Outcome; error: string };

const PREVIEW_CHARS = 2000;
/** The rule recorded for messages Portcullis refused before any policy saw them. */
export const REFUSED_RULE = 'portcullis.refused';
/** The rule recorded when Portcullis itself could not decide a call. */
export const ERROR_RULE = 'portcullis.error';

/**
 * How one session's calls reach the Live view and the audit log: a call is announced when it is
 * decided, recorded as in flight (durably) just before it is forwarded, and recorded once, when it
 * ends, with how it ended in the shared words (`Outcome`).
 */
export class CallRecords {
  /** Calls decided (or refused) in this session. */
  count = 0;

  constructor(
    private readonly sessionId: string,
    private readonly client: string,
    private readonly server: string,
    private readonly deps: Pick<SessionDeps, 'audit' | 'begin' | 'onCall' | 'now' | 'clock'>,
  ) {}

  start(tool: string, argsJson: string, decision: PolicyDecision, shadow?: PolicyDecision): PendingCall {
    this.count++;
    const live: LiveCall = {
      id: randomUUID(),
      sessionId: this.sessionId,
      client: this.client,
      server: this.server,
      tool,
      argsPreview: argsJson.length > PREVIEW_CHARS ? `${argsJson.slice(0, PREVIEW_CHARS)}…` : argsJson,
      startedAt: this.deps.now(),
      decision: decision.action,
      rule: decision.rule,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ...(shadow ? { shadow: { action: shadow.action, rule: shadow.rule } } : {}),
      status: 'pending',
    };
    return {
      live,
      started: this.deps.clock(),
      argsJson,
      shadow: shadow ? JSON.stringify(shadow) : null,
      decision,
    };
  }

  /** The call was decided again (it waited for a review first): its record says what decided it now. */
  redecide(call: PendingCall, decision: PolicyDecision, shadow?: PolicyDecision): void {
    const { reason: _reason, shadow: _shadow, ...live } = call.live;
    call.live = {
      ...live,
      decision: decision.action,
      rule: decision.rule,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ...(shadow ? { shadow: { action: shadow.action, rule: shadow.rule } } : {}),
      status: 'pending',
    };
    call.decision = decision;
    call.shadow = shadow ? JSON.stringify(shadow) : null;
  }

  /** The call's state changed (it is waiting for the person, or running): tell the Live view. */
  update(call: PendingCall, status: LiveCall['status']): void {
    call.live = { ...call.live, status };
    this.deps.onCall(call.live);
  }

  /**
   * The call is about to be forwarded: its row as it would read if the gateway stopped now is
   * committed first. Throws when that cannot be done; the call must then not be forwarded.
   */
  forwarding(call: PendingCall): void {
    this.deps.begin?.({
      ...this.entry(call, { outcome: 'unknown', status: 'error', latencyMs: null }),
      callId: call.live.id,
    });
  }

  finish(call: PendingCall, ending: Ending): void {
    const outcome = outcomeOf(call, ending);
    const status: LiveCall['status'] =
      ending.kind === 'denied' ? 'denied' : ending.kind === 'answered' && !ending.failed ? 'ok' : 'error';
    const latencyMs = ending.kind === 'denied' && !call.waited ? 0 : this.deps.clock() - call.started;
    const bytes = ending.kind === 'answered' ? ending.bytes : undefined;
    const live: LiveCall = {
      ...call.live,
      status,
      outcome,
      latencyMs,
      ...(bytes === undefined ? {} : { resultBytes: bytes }),
    };
    this.deps.onCall(live);
    const preview = ending.kind === 'answered' ? resultPreview(ending.result, PREVIEW_CHARS) : null;
    const error =
      ending.kind === 'stopped'
        ? ending.error
        : ending.kind === 'answered'
          ? (ending.error ?? (ending.failed ? preview : null))
          : null;
    this.deps.audit({
      ...this.entry(call, { outcome, status, latencyMs }),
      resultBytes: bytes ?? null,
      resultPreview: preview,
      error,
    });
  }

  private entry(
    call: PendingCall,
    end: { outcome: Outcome; status: LiveCall['status']; latencyMs: number | null },
  ): AuditEntry & { callId: string } {
    const { live, approval } = call;
    const answered = approval && approval.by !== 'timeout' && approval.by !== 'withdrawn';
    return {
      ts: live.startedAt,
      kind: 'call',
      event: 'tools/call',
      client: this.client,
      server: this.server,
      tool: live.tool,
      args: call.argsJson,
      decision: live.decision,
      rule: live.rule,
      // The person's own words when they answered; otherwise what the rule said.
      reason: answered ? approval.reason : (live.reason ?? null),
      latencyMs: end.latencyMs,
      isError: end.status !== 'ok',
      resultBytes: null,
      error: null,
      sessionId: this.sessionId,
      detail: null,
      shadow: call.shadow,
      outcome: end.outcome,
      approver: answered ? approval.by : null,
      scope: answered && approval.allow ? (approval.scope ?? 'once') : null,
      resultPreview: null,
      callId: live.id,
    };
  }
}

/** The one word for how a call ended (shared/audit.ts `outcomeLabels`). */
function outcomeOf(call: PendingCall, ending: Ending): Outcome {
  if (ending.kind === 'stopped') return ending.outcome;
  const { approval, decision } = call;
  if (ending.kind === 'answered') {
    if (ending.failed) return 'server_error';
    return approval?.allow ? 'approved' : 'allowed';
  }
  if (ending.outcome) return ending.outcome;
  if (approval && !approval.allow) {
    if (approval.by === 'timeout') return 'approval_timeout';
    if (approval.by === 'withdrawn') return 'withdrawn';
    return 'rejected';
  }
  if (decision.rule === REFUSED_RULE) return 'refused';
  if (decision.rule === ERROR_RULE) return 'portcullis_error';
  if (decision.limit) return 'rate_limited';
  return 'denied';
}
