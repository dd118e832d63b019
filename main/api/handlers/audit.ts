import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

type Channels =
  'audit:query' | 'audit:count' | 'audit:get' | 'audit:facets' | 'audit:overview' | 'audit:verify';

export function auditHandlers(ctx: HandlerContext): Pick<ApiHandlers, Channels> {
  const audit = ctx.store.audit;
  // Rows still waiting in the batch belong in every answer: flush before reading.
  const fresh = () => (audit.flush(), audit);
  return {
    'audit:query': (query) => fresh().query(query),
    'audit:count': (filter) => fresh().count(filter),
    'audit:get': (key) => fresh().get(key),
    'audit:facets': () => fresh().facets(),
    'audit:overview': ({ since, until }) => ({
      ...fresh().overview(since, until),
      // In flight while a gateway runs; without one, whatever is left is a crash's, not running.
      running: ctx.gateway ? audit.inFlight() : 0,
      waiting: ctx.approvals?.list().length ?? 0,
    }),
    'audit:verify': () => audit.verify(),
  };
}
