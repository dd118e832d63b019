import { ApiError } from '../../../shared/api';
import { defaultPolicyText, revisionSource } from '../../../shared/policy';
import { hostedIssues, toHostedText } from '../../policy/hosted';
import { parsePolicy } from '../../policy/parse';
import { replay } from '../../policy/replay';
import { suggestPolicy } from '../../policy/suggest';
import type { ApiHandlers } from '../dispatch';
import type { HandlerContext } from './context';
import { seenTools } from './tools';
import { trustOf } from './trust';

type PolicyChannels =
  | 'policy:get'
  | 'policy:revisions'
  | 'policy:save'
  | 'policy:rollback'
  | 'policy:check'
  | 'policy:test'
  | 'policy:export'
  | 'policy:suggest'
  | 'policy:draft:get'
  | 'policy:draft:save'
  | 'policy:draft:shadow'
  | 'policy:draft:discard'
  | 'policy:draft:apply'
  | 'policy:replay';

export function policyHandlers(ctx: HandlerContext): Pick<ApiHandlers, PolicyChannels> {
  const { store, policy } = ctx;
  const builtIn = { revision: 0, createdAt: 0, source: 'built-in default', document: defaultPolicyText };
  const revision = (wanted?: number) => {
    if (wanted === 0) return builtIn;
    if (wanted !== undefined) {
      const saved = store.policies.get(wanted);
      if (!saved) throw new ApiError('not_found', `There is no policy revision ${wanted}.`);
      return saved;
    }
    const saved = store.policies.active();
    if (saved) return saved;
    const { revision: r, document } = policy.current();
    return {
      revision: r,
      createdAt: 0,
      source: 'built-in default',
      document: JSON.stringify(document, null, 2),
    };
  };
  const draft = () => {
    const d = store.policies.draft();
    if (!d) throw new ApiError('not_found', 'There is no draft policy.');
    return d;
  };

  return {
    'policy:get': ({ revision: wanted }) => revision(wanted),
    'policy:revisions': () => store.policies.list(),
    'policy:save': ({ document, source, baseRevision }, caller) => {
      const active = policy.current().revision;
      if (baseRevision !== undefined && baseRevision !== active) {
        throw new ApiError(
          'conflict',
          `The policy changed to revision ${active} while you were editing revision ${baseRevision}. Reload it, then make your change again.`,
        );
      }
      return { revision: policy.save(document, revisionSource(caller.via, source)) };
    },
    'policy:rollback': ({ revision: wanted }, caller) => ({ revision: policy.rollback(wanted, caller.via) }),
    'policy:check': ({ document }) => {
      const parsed = parsePolicy(document);
      return parsed.ok ? { ok: true, issues: [] } : { ok: false, issues: parsed.issues };
    },
    'policy:test': (call) =>
      policy.test({ ...call, flags: trustOf(ctx).flags(call.client, call.server, call.tool) }),
    'policy:export': ({ revision: wanted, format }) => {
      const saved = revision(wanted);
      if (format !== 'hosted') return { document: saved.document };
      const parsed = policy.validate(saved.document);
      const issues = hostedIssues(parsed);
      if (issues.length > 0) {
        throw new ApiError(
          'invalid_argument',
          `Policy revision ${saved.revision} uses what the hosted format cannot express.`,
          issues,
        );
      }
      return { document: toHostedText(saved.document, parsed) };
    },
    'policy:suggest': () => {
      const tools = seenTools(ctx);
      const unique = new Map(tools.map((t) => [`${t.server}\u0000${t.name}`, t]));
      const document = suggestPolicy(
        [...unique.values()].map((t) => ({
          server: t.server,
          name: t.name,
          classification: t.classification,
        })),
      );
      return { document: `${JSON.stringify(document, null, 2)}\n`, tools: unique.size };
    },
    'policy:draft:get': () => store.policies.draft() ?? null,
    'policy:draft:save': ({ document, shadow }) => {
      policy.saveDraft(document, shadow);
      return draft();
    },
    'policy:draft:shadow': ({ enabled }) => {
      policy.setShadow(enabled);
      return draft();
    },
    'policy:draft:discard': () => {
      policy.discardDraft();
      return {};
    },
    'policy:draft:apply': (_args, caller) => ({ revision: policy.applyDraft(caller.via) }),
    'policy:replay': ({ document, days }) => {
      const parsed = policy.validate(document);
      const since = Date.now() - days * 86_400_000;
      store.audit.flush();
      return { since, ...replay(parsed, store.audit.callsSince(since)) };
    },
  };
}
