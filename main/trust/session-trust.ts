import type { FlagKind } from '../../shared/trust';
import type { ApprovalOutcome, PendingApproval } from '../gateway/session-types';
import { REVIEW_HINT, type Hold, type TrustService } from './trust-service';

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
  }

  hidden(tool: string): boolean {
    return this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool)) !== undefined;
  }

  /** Whether a call is held; a call refused outright is announced (a waiting one in `review`). */
  hold(tool: string): Hold | undefined {
    const hold = this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool));
    if (hold && !hold.waits) this.trust.callHeld(this.client, this.server, tool, hold);
    return hold;
  }

  /**
   * Wait until the person answers for the definition behind a held call: allowed once the tool is
   * trusted (accepted), refused when rejected or after `deadlineMs`. Re-checked at every answer.
   */
  review(tool: string, deadlineMs: number): PendingApproval {
    const held = this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool));
    if (held) this.trust.callHeld(this.client, this.server, tool, held);
    let settle!: (outcome: ApprovalOutcome) => void;
    const outcome = new Promise<ApprovalOutcome>((done) => (settle = done));
    const finish = (answer: ApprovalOutcome) => {
      stop();
      clearTimeout(timer);
      settle(answer);
    };
    const stop = this.trust.onChange(() => {
      const hold = this.trust.toolHold(this.client, this.server, tool, this.presented.get(tool));
      if (!hold) finish({ allow: true, reason: 'its definition was accepted', by: 'review' });
      else if (!hold.waits) finish({ allow: false, reason: hold.reason, by: 'review' });
    });
    const timer = setTimeout(() => {
      const reason = `no one reviewed the definition of "${tool}" within ${Math.round(deadlineMs / 1000)} s: ${REVIEW_HINT}`;
      finish({ allow: false, reason, by: 'timeout' });
    }, deadlineMs);
    timer.unref();
    return { outcome, withdraw: () => (stop(), clearTimeout(timer)) };
  }

  flags(tool: string): FlagKind[] {
    return this.trust.flags(this.client, this.server, tool);
  }
}
