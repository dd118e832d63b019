import { adminEntry } from '../../../shared/audit';
import { currentHost } from '../../paths';
import { TrustService } from '../../trust/trust-service';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

type Channels =
  'trust:list' | 'trust:server:accept' | 'trust:tool:accept' | 'trust:tool:reject' | 'trust:settings';

export function trustHandlers(ctx: HandlerContext): Pick<ApiHandlers, Channels> {
  const trust = trustOf(ctx);
  return {
    'trust:list': () => trust.overview(),
    'trust:server:accept': ({ client, name, fingerprint }, caller) => {
      trust.acceptServer(client, name, fingerprint, caller.via);
      return {};
    },
    'trust:tool:accept': ({ client, server, tool, hash }, caller) => {
      trust.acceptTool(client, server, tool, hash, caller.via);
      return {};
    },
    'trust:tool:reject': ({ client, server, tool, hash }, caller) => {
      trust.rejectTool(client, server, tool, hash, caller.via);
      return {};
    },
    'trust:settings': ({ holdNewTools }, caller) => {
      if (holdNewTools !== undefined && holdNewTools !== ctx.settings.get().holdNewTools) {
        ctx.settings.set({ holdNewTools });
        ctx.store.audit.appendNow(
          adminEntry('settings.changed', `holdNewTools = ${String(holdNewTools)} (from ${caller.via})`),
        );
      }
      return { holdNewTools: ctx.settings.get().holdNewTools };
    },
  };
}

const standalone = new WeakMap<HandlerContext, TrustService>();

/** The gateway's trust service, or for the CLI with no gateway running one over the same rows. */
export function trustOf(ctx: HandlerContext): TrustService {
  if (ctx.trust) return ctx.trust;
  let trust = standalone.get(ctx);
  if (!trust) {
    trust = new TrustService({
      store: ctx.store,
      holdNewTools: () => ctx.settings.get().holdNewTools,
      host: trustHost(),
    });
    standalone.set(ctx, trust);
  }
  return trust;
}

/** Whose home folder server warnings measure against. */
export function trustHost(): { home: string; windows: boolean } {
  return { home: currentHost().home, windows: process.platform === 'win32' };
}
