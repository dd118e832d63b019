import type { ApprovalScope } from '../../../../shared/approvals';

export type AnswerChoice =
  { decision: 'allow'; scope: ApprovalScope } | { decision: 'deny'; reason?: string };

/** The longest reason the gateway accepts (shared/approvals.ts). */
export const REASON_MAX = 1000;

/** The deny the reason field describes: no reason at all rather than a blank one. */
export function denyWith(reason: string): AnswerChoice {
  const trimmed = reason.trim().slice(0, REASON_MAX);
  return trimmed ? { decision: 'deny', reason: trimmed } : { decision: 'deny' };
}

/** What each allow answer grants, in the words shown next to it. */
export function allowHints(approval: { client: string; server: string; tool: string; askedBy?: string }) {
  const who = approval.askedBy ? `${approval.client} (${approval.askedBy})` : approval.client;
  return {
    once: 'Only this call. The next one asks again.',
    session: `Every ${approval.tool} call from ${who} to ${approval.server} until it disconnects.`,
    always: `Always allow adds a rule to the policy: ${approval.client} may call ${approval.tool} on ${approval.server} without asking, from now on. Remove it on the Policies page.`,
  } satisfies Record<ApprovalScope, string>;
}
