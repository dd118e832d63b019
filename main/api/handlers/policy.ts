import { parsePolicy } from '../../policy/parse';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';

export function policyHandlers(
  ctx: HandlerContext,
): Pick<ApiHandlers, 'policy:get' | 'policy:save' | 'policy:check' | 'policy:test'> {
  return {
    'policy:get': () => {
      const saved = ctx.store.policies.active();
      if (saved) return saved;
      const { revision, document } = ctx.policy.current();
      return {
        revision,
        createdAt: 0,
        source: 'built-in default',
        document: JSON.stringify(document, null, 2),
      };
    },
    'policy:save': ({ document, source }) => ({ revision: ctx.policy.save(document, source) }),
    'policy:check': ({ document }) => {
      const parsed = parsePolicy(document);
      return parsed.ok ? { ok: true, issues: [] } : { ok: false, issues: parsed.issues };
    },
    'policy:test': (call) => ctx.policy.decide(call),
  };
}
