import { ApiError } from '../../shared/api';
import { describeAlways, type AlwaysGrant } from '../../shared/approvals';
import { adminEntry } from '../../shared/audit';
import {
  approvalSource,
  defaultPolicy,
  defaultPolicyText,
  revisionSource,
  type PolicyDecision,
  type RevisionActor,
  type PolicyDocument,
  type ToolPolicy,
} from '../../shared/policy';
import type { FlagKind } from '../../shared/trust';
import type { Store } from '../store';
import { compilePolicy, type CompiledPolicy } from './compile';
import { governing, isHidden, judge, type CallContext } from './evaluate';
import { hiddenByFlags } from './flagged';
import { planGrants, writeGrant, type AskedCall, type GrantPlan } from './grants';
import { parsePolicy } from './parse';
import { RateLimiter } from './rate-limiter';

/** A server's name as sessions know it, and the other names clients give it. */
export type ServerNames = (client: string, server: string) => { name: string; aliases: readonly string[] };

export interface ActivePolicy {
  revision: number;
  document: PolicyDocument;
  compiled: CompiledPolicy;
}

/** A call's decision, what a shadow draft would have decided, and how to count it once it goes ahead. */
export interface Verdict {
  decision: PolicyDecision;
  shadow?: PolicyDecision;
  /** Count the call against its limits. Call it when the call goes ahead (at once, or once approved). */
  commit(): void;
}

interface Shadow {
  document: PolicyDocument;
  compiled: CompiledPolicy;
  limiter: RateLimiter;
}

/**
 * Holds the active policy for the gateway. Saving validates first: a bad document is refused with
 * pointed issues and the active policy stays as it was. Revisions saved by another process (the CLI
 * while no gateway answered) are picked up by `refresh`. A draft can run in shadow: every call is
 * also decided by it and the result recorded, without affecting the call.
 */
export class PolicyService {
  private active: ActivePolicy;
  private shadow: Shadow | undefined;
  /** The draft row the shadow was loaded from, to notice another process changing it. */
  private shadowSource: { document: string; shadow: boolean; updatedAt: number } | undefined;
  private readonly limiter: RateLimiter;
  private listeners = new Set<(revision: number) => void>();
  private pauseListeners = new Set<(until: number | null) => void>();
  private pausedUntil: number | null = null;
  private seenDataVersion: number;
  /** A server's name and other names (see main/clients/server-identity.ts); as given until the runtime says. */
  private serverNames: ServerNames = (_client, server) => ({ name: server, aliases: [] });

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.active = this.load();
    this.shadow = this.loadShadow();
    this.limiter = new RateLimiter(store.counters);
    this.seenDataVersion = store.policies.dataVersion();
  }

  current(): ActivePolicy {
    return this.active;
  }

  /**
   * Where the other names of a server come from, for calls that do not bring them (a session
   * brings its own, worked out when it opened): approvals' grants and `policy test`.
   */
  useServerNames(names: ServerNames): void {
    this.serverNames = names;
  }

  /** The call as a session would make it: the server by its name, with its other names. */
  private withAliases<T extends { client: string; server: string; serverAliases?: readonly string[] }>(
    call: T,
  ): T {
    if (call.serverAliases) return call;
    const { name, aliases } = this.serverNames(call.client, call.server);
    return { ...call, server: name, serverAliases: aliases };
  }

  /** Decide a call: rules, then rate limits. Counting waits for `commit`. */
  decide(call: CallContext): Verdict {
    const now = this.now();
    const { decision, limits } =
      this.pausedUntil !== null && now < this.pausedUntil
        ? { decision: this.pausedDecision(this.pausedUntil), limits: [] }
        : judge(this.active.compiled, this.limiter, call, now);
    const verdict: Verdict = {
      decision,
      commit: () => {
        if (limits.length > 0) this.limiter.record(limits, call, this.now());
      },
    };
    if (this.shadow) {
      const shadow = judge(this.shadow.compiled, this.shadow.limiter, call, now);
      // The draft's own counters move as if it were in charge of the calls it would let through.
      if (shadow.decision.action === 'allow') this.shadow.limiter.record(shadow.limits, call, now);
      verdict.shadow = shadow.decision;
    }
    return verdict;
  }

  /** How the policy decides a call, with each applicable limit's state; counts nothing. */
  test(asked: CallContext): PolicyDecision & { limits: ReturnType<RateLimiter['states']> } {
    const now = this.now();
    const call = this.withAliases(asked);
    const { decision, limits } = judge(this.active.compiled, this.limiter, call, now);
    return { ...decision, limits: this.limiter.states(limits, call, now) };
  }

  /** The rule that governs a tool for a client's server, and how full its limits are now. */
  toolPolicy(client: string, server: string, tool: string): ToolPolicy {
    const call: { client: string; server: string; tool: string; serverAliases?: readonly string[] } =
      this.withAliases({ client, server, tool });
    const { limits, reason, ...rule } = governing(
      this.active.compiled,
      call.client,
      call.server,
      tool,
      call.serverAliases,
    );
    return {
      ...rule,
      ...(reason === undefined ? {} : { reason }),
      limits: this.limiter.states(limits, call, this.now()),
    };
  }

  /**
   * Whether tools/list leaves the tool out: a `hide` rule (under the server's name or its other
   * names), or a `flagged` rule for the tool's flags.
   */
  isHidden(
    client: string,
    server: string,
    tool: string,
    options: { flags?: readonly FlagKind[] | undefined; aliases?: readonly string[] } = {},
  ): boolean {
    const { compiled, document } = this.active;
    return (
      isHidden(compiled, client, server, tool, options.aliases) ||
      hiddenByFlags(document, client, server, options.flags)
    );
  }

  /** Write changed rate-limit counters to the store (the runtime calls this on a timer and at exit). */
  flushCounters(): void {
    this.limiter.flush();
  }

  save(text: string, source: string): number {
    const document = this.validate(text);
    const revision = this.store.policies.save(text, source);
    this.store.audit.appendNow(adminEntry('policy.saved', `revision ${revision} from ${source}`));
    this.activate({ revision, document, compiled: compilePolicy(document) });
    return revision;
  }

  /**
   * Make an earlier revision the active one again, as a new revision (history is never rewritten).
   * Revision 0 is the built-in default.
   */
  rollback(revision: number, by: RevisionActor): number {
    const old = revision === 0 ? { document: defaultPolicyText } : this.store.policies.get(revision);
    if (!old) throw new ApiError('not_found', `There is no policy revision ${revision}.`);
    return this.save(old.document, revisionSource(by, `rollback to revision ${revision}`));
  }

  /** What "Allow for this session" and "Always allow" would grant for a call this policy sent for approval. */
  grantsFor(call: AskedCall, at: number): GrantPlan {
    return planGrants(this.active.compiled, this.active.revision, this.withAliases(call), at);
  }

  /**
   * "Always allow" from an approval: plan it again against the newest policy, and write it as a new
   * revision only if it is exactly what the person was shown (`shown`, planned at `at`). Otherwise
   * nothing is written and the error says what it would write now.
   */
  allowAlways(call: AskedCall, at: number, shown: AlwaysGrant, by: string): number {
    if (!shown.offered) {
      throw new ApiError('invalid_argument', `"Always allow" is not offered for this call: ${shown.why}`);
    }
    this.refresh();
    const plan = planGrants(this.active.compiled, this.active.revision, this.withAliases(call), at).always;
    const unchanged = `Nothing was written; the call is still waiting: allow it once or for this session, or deny it.`;
    if (!plan.offered) throw new ApiError('conflict', `${plan.why} ${unchanged}`);
    if (plan.path !== shown.path || JSON.stringify(plan.entry) !== JSON.stringify(shown.entry)) {
      throw new ApiError(
        'conflict',
        `The policy changed from revision ${shown.revision} to ${plan.revision} since this call was shown, and "Always allow" would now write ${describeAlways(plan)}. ${unchanged}`,
      );
    }
    const saved = this.store.policies.active();
    return this.save(
      writeGrant(saved?.document, call, plan.entry),
      approvalSource(by, `always allow ${call.client}/${call.server}/${call.tool}`),
    );
  }

  /** Let every call through (still audited, rule `paused`) until a time. */
  pause(until: number): void {
    this.pausedUntil = until;
    this.store.audit.appendNow(adminEntry('protection.paused', `until ${new Date(until).toISOString()}`));
    for (const listener of this.pauseListeners) listener(until);
  }

  resume(): void {
    if (this.pausedUntil === null) return;
    this.pausedUntil = null;
    this.store.audit.appendNow(adminEntry('protection.resumed', 'protection resumed'));
    for (const listener of this.pauseListeners) listener(null);
  }

  /** When protection resumes, or null when it is not paused. */
  paused(): number | null {
    // Once the time has passed the pause is over (decide() checks the same); the runtime's timer
    // records the resumption.
    return this.pausedUntil !== null && this.now() < this.pausedUntil ? this.pausedUntil : null;
  }

  onPauseChange(listener: (until: number | null) => void): () => void {
    this.pauseListeners.add(listener);
    return () => this.pauseListeners.delete(listener);
  }

  private pausedDecision(until: number): PolicyDecision {
    return {
      action: 'allow',
      rule: 'paused',
      reason: `protection is paused until ${new Date(until).toLocaleTimeString()}`,
    };
  }

  /** Keep a draft, optionally running it in shadow. It is validated like a real policy. */
  saveDraft(text: string, shadow: boolean): void {
    this.validate(text);
    this.store.policies.saveDraft(text, shadow);
    this.store.audit.appendNow(
      adminEntry('policy.draft_saved', shadow ? 'draft saved, running in shadow' : 'draft saved'),
    );
    this.shadow = this.loadShadow();
  }

  setShadow(on: boolean): void {
    const draft = this.store.policies.draft();
    if (!draft) throw new ApiError('not_found', 'There is no draft policy. Save one first.');
    this.store.policies.saveDraft(draft.document, on);
    this.store.audit.appendNow(
      adminEntry(on ? 'policy.shadow_on' : 'policy.shadow_off', 'draft policy shadow mode'),
    );
    this.shadow = this.loadShadow();
  }

  discardDraft(): void {
    this.store.policies.clearDraft();
    this.store.audit.appendNow(adminEntry('policy.draft_discarded', 'draft policy discarded'));
    this.shadow = undefined;
    this.announce();
  }

  /** Make the draft the active policy. */
  applyDraft(by: RevisionActor): number {
    const draft = this.store.policies.draft();
    if (!draft) throw new ApiError('not_found', 'There is no draft policy to apply.');
    const revision = this.save(draft.document, revisionSource(by, 'draft applied'));
    this.store.policies.clearDraft();
    this.shadow = undefined;
    return revision;
  }

  /** Reload when another process changed the database. Cheap enough to call every second. */
  refresh(): void {
    const version = this.store.policies.dataVersion();
    if (version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    const next = this.load();
    if (next.revision !== this.active.revision) this.activate(next);
    const draft = this.store.policies.draft();
    if (JSON.stringify(draft ?? null) !== JSON.stringify(this.shadowSource ?? null)) {
      this.shadow = this.loadShadow();
      this.announce();
    }
  }

  onChange(listener: (revision: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validate text as a policy; a refusal names every problem and leaves everything as it was. */
  validate(text: string): PolicyDocument {
    const parsed = parsePolicy(text);
    if (!parsed.ok) {
      throw new ApiError(
        'invalid_argument',
        `The policy was refused; the active policy (revision ${this.active.revision}) is unchanged.`,
        parsed.issues,
      );
    }
    return parsed.document;
  }

  private activate(next: ActivePolicy): void {
    this.active = next;
    this.announce();
  }

  /** Tell listeners the policy, or its draft, changed (the dashboard refreshes both on this). */
  private announce(): void {
    for (const listener of this.listeners) listener(this.active.revision);
  }

  private load(): ActivePolicy {
    const saved = this.store.policies.active();
    if (!saved) return { revision: 0, document: defaultPolicy, compiled: compilePolicy(defaultPolicy) };
    const parsed = parsePolicy(saved.document);
    // Only validated documents are ever saved, so this means the database was edited by hand or by a
    // newer version. Fail closed: deny everything rather than guess.
    const document: PolicyDocument = parsed.ok
      ? parsed.document
      : {
          version: '1',
          default: 'deny',
          reason: `policy revision ${saved.revision} could not be read`,
          tools: {},
        };
    return { revision: saved.revision, document, compiled: compilePolicy(document) };
  }

  private loadShadow(): Shadow | undefined {
    const draft = this.store.policies.draft();
    this.shadowSource = draft;
    if (!draft?.shadow) return undefined;
    const parsed = parsePolicy(draft.document);
    if (!parsed.ok) return undefined;
    return {
      document: parsed.document,
      compiled: compilePolicy(parsed.document),
      limiter: new RateLimiter(),
    };
  }
}
