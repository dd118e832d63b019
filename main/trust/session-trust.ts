import type { FlagKind } from '../../shared/trust';
import { PROGRESS_EVERY_MS, waitingProgress } from '../approvals/waiting-progress';
import type { ApprovalOutcome, PendingApproval, TrustHold, WaitingClient } from '../gateway/session-types';
import { REVIEW_HINT, type TrustService } from './trust-service';

/**
 * Trust as one session sees it. A session knows which definition its own server presented for
 * each tool it listed: a call is held when that is not the pinned one (or, for a tool this session
 * never listed, when the pin waits for review). Held tools are also left out of the listing, so the
 * model never reads a definition no one has accepted.
 */
export class SessionTrust {
  /** Hash of the definition this session's server presented, by tool name. */
  private readonly presented = new Map<string, string>();
  /** Whether the server had pins when the current listing began (its tools are then new). */
  private known = false;
  /** Calls waiting for a review: each checks whether its tool is trusted now. */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly trust: TrustService,
    private readonly client: string,
    private readonly server: string,
  ) {}

  /** One page of tools/list, as the server sent it. A first page starts a new listing. */
  listed(tools: readonly unknown[], firstPage: boolean): void {
    if (firstPage) {
      this.known = this.trust.knows(this.client, this.server);
      this.presented.clear();
    }
    for (const [name, hash] of this.trust.recordListing(this.client, this.server, tools, this.known))
      this.presented.set(name, hash);
    // The server may have gone back to the trusted definition: a call waiting for it can go on.
    for (const check of [...this.waiting]) check();
  }

  hidden(tool: string): boolean {
    return this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool)) !== undefined;
  }

  /** Whether a call is held; a call refused outright is announced (a waiting one in `review`). */
  hold(tool: string): TrustHold | undefined {
    const hold = this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool));
    if (hold && !hold.waits) this.trust.callHeld(this.client, this.server, tool, hold);
    return hold;
  }

  /** A held call that could have waited was refused (too many of the session's calls wait): say so. */
  refused(tool: string, hold: TrustHold): void {
    this.trust.callHeld(this.client, this.server, tool, { ...hold, waits: false });
  }

  /**
   * Wait until the person answers for the definition behind a held call: allowed once this
   * session's definition of the tool is trusted (accepted, or the server went back to the pinned
   * one), refused when rejected or after `deadlineMs`. Re-checked at every answer and listing. A
   * client that sent a progress token hears every few seconds what the call waits for.
   */
  review(tool: string, deadlineMs: number, inform?: WaitingClient): PendingApproval {
    const state = () => this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool));
    const held = state();
    if (held) this.trust.callHeld(this.client, this.server, tool, held);
    const startedAt = Date.now();
    let settle!: (outcome: ApprovalOutcome) => void;
    const outcome = new Promise<ApprovalOutcome>((done) => (settle = done));
    const timers: NodeJS.Timeout[] = [];
    const check = (by = 'review') => {
      const hold = state();
      if (!hold) finish({ allow: true, reason: 'its definition is trusted', by });
      else if (!hold.waits) finish({ allow: false, reason: hold.reason, by });
    };
    const stopListening = this.trust.onChange(check);
    this.waiting.add(check);
    const stop = () => {
      stopListening();
      this.waiting.delete(check);
      for (const timer of timers) clearTimeout(timer);
    };
    const finish = (answer: ApprovalOutcome) => {
      stop();
      settle(answer);
    };
    const later = (run: () => void, ms: number) => {
      const timer = setTimeout(run, ms);
      timer.unref();
      timers.push(timer);
    };
    later(() => {
      const reason = `no one reviewed the definition of "${tool}" within ${Math.round(deadlineMs / 1000)} s: ${REVIEW_HINT}`;
      finish({ allow: false, reason, by: 'timeout' });
    }, deadlineMs);
    const { progressToken } = inform ?? {};
    if (inform && progressToken !== undefined) {
      const tick = () => {
        const now = Date.now();
        const what = `review the definition of "${tool}"`;
        inform.notify(waitingProgress(progressToken, startedAt, startedAt + deadlineMs, now, what));
        later(tick, PROGRESS_EVERY_MS);
      };
      later(tick, PROGRESS_EVERY_MS);
    }
    return { outcome, withdraw: stop };
  }

  flags(tool: string): FlagKind[] {
    return this.trust.flags(this.client, this.server, tool);
  }
}
