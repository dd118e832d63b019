import { randomBytes } from 'node:crypto';
import { ApiError } from '../../shared/api';
import type { Approval, ApprovalScope } from '../../shared/approvals';
import type { GatewayEvent } from '../../shared/events';
import type { Classification } from '../../shared/tools';
import type { ApprovalOutcome, ApprovalRequest, PendingApproval } from '../gateway/session';
import type { AskedCall, GrantPlan } from '../policy/grants';
import { PROGRESS_EVERY_MS, waitingProgress } from './waiting-progress';

/** The outside world's clock and timers, injected so tests can move time by hand. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface BrokerOptions {
  clock: Clock;
  /** How long a call may wait; read at each request, so a settings change applies to the next one. */
  deadlineMs(): number;
  /** How often a waiting client with a progress token hears from us. */
  progressEveryMs?: number;
  classify(server: string, tool: string): Classification;
  /** The client program behind a session, as it named itself. */
  askedBy(sessionId: string): string | undefined;
  /** What "Allow for this session" and "Always allow" would grant for a call, from the policy. */
  grants(call: AskedCall, at: number): GrantPlan;
  /**
   * "Always allow": write the rule the approval shows, as a new policy revision, and return the
   * revision. Throws, writing nothing, when it cannot write exactly that.
   */
  alwaysAllow(approval: Approval, by: string): number;
  onEvent(event: GatewayEvent): void;
}

export type Answer =
  | { id: string; decision: 'allow'; scope: ApprovalScope }
  | { id: string; decision: 'deny'; reason?: string | undefined };

interface Entry {
  approval: Approval;
  /** What a session grant for it is kept under, when one is offered. */
  sessionKey: string | undefined;
  settle(outcome: ApprovalOutcome): void;
  timers: unknown[];
}

/**
 * Calls the policy sends for approval wait here, in the order they came, until the person answers,
 * the deadline passes (deny: "not approved in time"), or the call goes away (the client cancelled
 * it or disconnected). A waiting client that sent a progress token is told it is waiting.
 */
export class ApprovalBroker {
  private readonly pending = new Map<string, Entry>();
  /** "Allow for this session" answers: session id + the rule that asked, unchanged, + tool. */
  private readonly sessionGrants = new Set<string>();

  constructor(private readonly options: BrokerOptions) {}

  /** The gateway's `requestApproval`: hold one call. */
  request(request: ApprovalRequest): PendingApproval {
    const { call, decision } = request;
    const now = this.options.clock.now();
    const asked = { ...call, rule: decision.rule, limit: decision.limit };
    const { sessionKey, ...grants } = this.options.grants(asked, now);
    if (sessionKey !== undefined && this.sessionGrants.has(grantKey(call.sessionId, sessionKey))) {
      return {
        outcome: Promise.resolve({
          allow: true,
          reason: 'allowed for this session',
          by: 'session grant',
          scope: 'session',
        }),
        withdraw: () => undefined,
      };
    }
    const deadlineMs = this.options.deadlineMs();
    const askedBy = this.options.askedBy(call.sessionId);
    const approval: Approval = {
      id: this.newId(),
      callId: call.id,
      sessionId: call.sessionId,
      client: call.client,
      ...(askedBy ? { askedBy } : {}),
      server: call.server,
      tool: call.tool,
      args: request.args,
      risk: this.options.classify(call.server, call.tool),
      rule: decision.rule,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      requestedAt: now,
      grants,
      deadline: now + deadlineMs,
    };

    let settle!: (outcome: ApprovalOutcome) => void;
    const outcome = new Promise<ApprovalOutcome>((done) => (settle = done));
    const entry: Entry = { approval, sessionKey, settle, timers: [] };
    this.pending.set(approval.id, entry);
    const { clock } = this.options;
    entry.timers.push(
      clock.setTimeout(
        () => this.resolve(approval.id, { allow: false, reason: 'not approved in time', by: 'timeout' }),
        deadlineMs,
      ),
    );
    if (request.progressToken !== undefined) this.keepInformed(entry, request);
    this.options.onEvent({ type: 'approval', state: 'requested', approval });

    return {
      outcome,
      withdraw: (reason) => this.resolve(approval.id, { allow: false, reason, by: 'withdrawn' }),
    };
  }

  /** Waiting calls, oldest first. */
  list(): Approval[] {
    return [...this.pending.values()].map((e) => e.approval);
  }

  /** Returns the policy revision "Always allow" wrote. */
  answer(answer: Answer, by: string): { revision?: number } {
    const entry = this.pending.get(answer.id);
    if (!entry) {
      throw new ApiError(
        'not_found',
        `No call is waiting for approval with id ${answer.id} (it may have been answered, timed out or withdrawn).`,
      );
    }
    const { approval } = entry;
    if (answer.decision === 'deny') {
      this.resolve(answer.id, { allow: false, reason: answer.reason?.trim() || 'denied by the person', by });
      return {};
    }
    if (answer.scope === 'once') {
      this.resolve(answer.id, { allow: true, reason: 'allowed once', by, scope: 'once' });
      return {};
    }
    const grant = approval.grants[answer.scope];
    if (!grant.offered) {
      const name = answer.scope === 'always' ? 'Always allow' : 'Allow for this session';
      throw new ApiError('invalid_argument', `"${name}" is not offered for this call: ${grant.why}`);
    }
    if (answer.scope === 'session') {
      if (entry.sessionKey !== undefined)
        this.sessionGrants.add(grantKey(approval.sessionId, entry.sessionKey));
      this.resolve(answer.id, { allow: true, reason: 'allowed for this session', by, scope: 'session' });
      return {};
    }
    // Written first: if the rule cannot be written, the call keeps waiting and the person is told why.
    const revision = this.options.alwaysAllow(approval, by);
    const path = approval.grants.always.offered ? approval.grants.always.path : '';
    this.resolve(answer.id, {
      allow: true,
      reason: `always allowed (policy revision ${revision} allows it at ${path})`,
      by,
      scope: 'always',
    });
    return { revision };
  }

  /** A session ended: its "allow for this session" answers end with it. */
  sessionEnded(sessionId: string): void {
    for (const key of [...this.sessionGrants])
      if (key.startsWith(`${sessionId}\u0000`)) this.sessionGrants.delete(key);
  }

  private resolve(id: string, outcome: ApprovalOutcome): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    for (const timer of entry.timers) this.options.clock.clearTimeout(timer);
    entry.settle(outcome);
    this.options.onEvent({ type: 'approval', state: 'resolved', approval: entry.approval, outcome });
  }

  /** MCP progress notifications while the call waits: progress must rise, so it counts seconds waited. */
  private keepInformed(entry: Entry, request: ApprovalRequest): void {
    const every = this.options.progressEveryMs ?? PROGRESS_EVERY_MS;
    const { clock } = this.options;
    const { approval } = entry;
    const tick = () => {
      if (!this.pending.has(approval.id) || request.progressToken === undefined) return;
      request.notify(
        waitingProgress(
          request.progressToken,
          approval.requestedAt,
          approval.deadline,
          clock.now(),
          `approve "${approval.tool}"`,
        ),
      );
      entry.timers.push(clock.setTimeout(tick, every));
    };
    entry.timers.push(clock.setTimeout(tick, every));
  }

  private newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.pending.has(id)) return id;
    }
  }
}

function grantKey(sessionId: string, sessionKey: string): string {
  return `${sessionId}\u0000${sessionKey}`;
}
