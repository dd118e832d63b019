import { randomUUID } from 'node:crypto';
import type { LiveCall } from '../../shared/events';
import type { PolicyDecision } from '../../shared/policy';
import type { ApprovalOutcome, SessionDeps } from './session-types';

/** A tool call from the moment it is decided until its outcome is recorded. */
export interface PendingCall {
  live: LiveCall;
  started: number;
  argsJson: string;
  shadow: string | null;
  approval?: ApprovalOutcome;
}

const PREVIEW_CHARS = 2000;

/**
 * How one session's calls reach the Live view and the audit log: a call is announced when it is
 * decided, and recorded once, when it ends (answered, denied, refused, timed out or withdrawn).
 */
export class CallRecords {
  /** Calls decided (or refused) in this session. */
  count = 0;

  constructor(
    private readonly sessionId: string,
    private readonly client: string,
    private readonly server: string,
    private readonly deps: Pick<SessionDeps, 'audit' | 'onCall' | 'now' | 'clock'>,
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
    return { live, started: this.deps.clock(), argsJson, shadow: shadow ? JSON.stringify(shadow) : null };
  }

  /** The call's state changed (it is waiting for the person, or running): tell the Live view. */
  update(call: PendingCall, status: LiveCall['status']): void {
    call.live = { ...call.live, status };
    this.deps.onCall(call.live);
  }

  finish(call: PendingCall, status: LiveCall['status'], resultBytes?: number, error?: string): void {
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
      sessionId: this.sessionId,
      detail: null,
      shadow: call.shadow,
    });
  }
}
