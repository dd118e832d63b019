import type { Approval, ApprovalScope } from '../../../../shared/approvals';
import type { ToolEntry } from '../../../../shared/policy';

export type AnswerChoice =
  { decision: 'allow'; scope: ApprovalScope } | { decision: 'deny'; reason?: string };

/** The longest reason the gateway accepts (shared/approvals.ts). */
export const REASON_MAX = 1000;

/** The deny the reason field describes: no reason at all rather than a blank one. */
export function denyWith(reason: string): AnswerChoice {
  const trimmed = reason.trim().slice(0, REASON_MAX);
  return trimmed ? { decision: 'deny', reason: trimmed } : { decision: 'deny' };
}

/** What each allow answer grants, in the words shown next to it: the gateway's own plan. */
export function grantTexts({ grants, tool, rule }: Pick<Approval, 'grants' | 'tool' | 'rule'>) {
  const { always, session } = grants;
  return {
    once: 'This call only. The next one asks again.',
    session: session.offered ? session.covers : `Not offered: ${session.why}`,
    always: always.offered
      ? {
          offered: true as const,
          path: always.path,
          json: entryText(always.entry),
          notes: [
            ...(always.replaces ? [`It takes the place of ${always.replaces}, the rule that asked.`] : []),
            ...(always.kept.length > 0
              ? [
                  `${listOf(always.kept)} ${always.kept.length === 1 ? 'decides' : 'decide'} some ${tool} calls before ${rule}: copied ahead of the new rule, ${always.kept.length === 1 ? 'it still does' : 'they still do'}.`,
                ]
              : []),
          ],
        }
      : { offered: false as const, text: `Not offered: ${always.why}` },
  };
}

/** The entry as JSON, one rule a line: exactly what is written, short enough to read at a glance. */
function entryText(entry: ToolEntry): string {
  if (!Array.isArray(entry)) return JSON.stringify(entry);
  return `[\n${entry.map((rule) => `  ${JSON.stringify(rule)}`).join(',\n')}\n]`;
}

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
