import { ApiError } from '../../../shared/api';
import { redactText } from '../../redact';
import type { Approval } from '../../../shared/approvals';
import { adminEntry, type AuditEntry } from '../../../shared/audit';
import type { Answer } from '../../approvals/broker';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

type Channels = 'approvals:list' | 'approvals:answer' | 'protection:pause' | 'protection:resume';

export function approvalHandlers(ctx: HandlerContext): Pick<ApiHandlers, Channels> {
  const broker = () => {
    if (!ctx.approvals)
      throw new ApiError('unavailable', 'The gateway is not running: no call can be waiting for approval.');
    return ctx.approvals;
  };
  const running = () => {
    if (!ctx.gateway)
      throw new ApiError('unavailable', 'The gateway is not running. Start it with `npx portcullis serve`.');
  };
  return {
    'approvals:list': () => broker().list(),
    'approvals:answer': (answer, caller) => {
      // A reason the person typed is shown in the dashboards and kept in the audit log.
      const redacted =
        answer.decision === 'deny' && answer.reason
          ? { ...answer, reason: redactText(answer.reason) }
          : answer;
      const asked = broker()
        .list()
        .find((a) => a.id === answer.id);
      const result = broker().answer(redacted, caller.via);
      // Answered: recorded as an admin event too (the call's own row follows when it ends).
      if (asked) ctx.store.audit.appendNow(answeredEntry(asked, redacted, caller.via, result.revision));
      return result;
    },
    'protection:pause': ({ minutes }) => {
      running();
      const until = Date.now() + (minutes ?? ctx.settings.get().pauseMinutes) * 60_000;
      ctx.policy.pause(until);
      return { pausedUntil: until };
    },
    'protection:resume': () => {
      running();
      ctx.policy.resume();
      return {};
    },
  };
}

function answeredEntry(asked: Approval, answer: Answer, via: string, revision?: number): AuditEntry {
  const call = `${asked.server}/${asked.tool} (call ${asked.callId})`;
  const what =
    answer.decision === 'deny'
      ? `denied ${call}${answer.reason?.trim() ? `: ${answer.reason.trim()}` : ''}`
      : `allowed ${call} ${answer.scope === 'once' ? 'once' : answer.scope === 'session' ? 'for this session' : `always (policy revision ${revision})`}`;
  return adminEntry('approval.answered', `${what}, from the ${via}`, asked.client);
}
