import { ApiError } from '../../../shared/api';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

export function statusHandlers(
  ctx: HandlerContext,
): Pick<ApiHandlers, 'status:get' | 'sessions:list' | 'live:recent' | 'settings:get'> {
  const gateway = () => {
    if (!ctx.gateway)
      throw new ApiError('unavailable', 'The gateway is not running. Start it with `npx portcullis serve`.');
    return ctx.gateway;
  };
  return {
    'status:get': () => {
      const runtime = ctx.runtime;
      if (!runtime) throw new ApiError('unavailable', 'The gateway is not running.');
      return {
        version: ctx.version,
        dataDir: ctx.dataDir,
        pid: runtime.pid,
        startedAt: runtime.startedAt,
        socketPath: runtime.socketPath,
        ...(runtime.dashboardUrl ? { dashboardUrl: runtime.dashboardUrl } : {}),
        sessions: gateway().sessionList(),
        policyRevision: ctx.policy.current().revision,
        pendingApprovals: ctx.approvals?.list().length ?? 0,
        pausedUntil: ctx.policy.paused(),
      };
    },
    'sessions:list': () => gateway().sessionList(),
    'live:recent': ({ limit }) => gateway().recentCalls(limit),
    'settings:get': () => ctx.settings.get(),
  };
}
