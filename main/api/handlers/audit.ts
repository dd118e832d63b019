import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

export function auditHandlers(ctx: HandlerContext): Pick<ApiHandlers, 'audit:query' | 'audit:verify'> {
  return {
    'audit:query': (query) => {
      // Rows still waiting in the batch belong in the answer: flush before reading.
      ctx.store.audit.flush();
      return ctx.store.audit.query(query);
    },
    'audit:verify': () => {
      ctx.store.audit.flush();
      return ctx.store.audit.verify();
    },
  };
}
