import { ApiError } from '../../../shared/api';
import { redactText } from '../../redact';
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
      return broker().answer(redacted, caller.via);
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
