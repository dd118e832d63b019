import type { PolicyDecision } from '../../shared/policy';
import {
  entriesFor,
  type CompiledLimit,
  type CompiledPolicy,
  type CompiledRule,
  type CompiledScope,
} from './compile';
import type { FlagKind } from '../../shared/trust';
import { applyFlagged } from './flagged';
import { describeLimit, type RateLimiter } from './rate-limiter';

export interface CallContext {
  client: string;
  server: string;
  tool: string;
  args: Record<string, unknown>;
  /** For limits with `scope: session`. */
  sessionId?: string;
  /** Why Portcullis flagged the tool (main/trust), for the policy's `flagged` rules. */
  flags?: readonly FlagKind[];
}

/** A decision before rate limits, and the limits to check and count if the call goes ahead. */
export interface Evaluation {
  decision: PolicyDecision;
  limits: CompiledLimit[];
}

/**
 * How a call is decided (the order is the documented contract; `policy test` shows its result):
 *
 * 1. Tool rules. Scopes are tried from the most specific: `clients.C.servers.S`, `servers.S`,
 *    `clients.C`, then the top level. Within a scope, the exact tool name comes before globs, and
 *    globs go from the most specific (more literal characters, then fewer wildcards, then the
 *    pattern that sorts first). An entry's rules are tried in their array order; a rule whose
 *    `when` does not match the arguments is passed over. The first rule that applies decides.
 * 2. Otherwise the `default` of the most specific scope that sets one decides.
 *
 * A deciding rule then: `hide` and `deny` deny; `deny_if` that matches denies; `require` that does
 * not match denies; otherwise its action stands (allow or approve), subject to its own limits and
 * the `all_tools` limits of every scope that applies.
 */
export function evaluate(policy: CompiledPolicy, call: CallContext): Evaluation {
  const scopes = policy.scopesFor(call.client, call.server);
  const rule = findRule(scopes, call.tool, call.args);
  if (rule) return decideByRule(rule, scopes, call.args);
  const scope = scopes.find((s) => s.default) ?? policy.top;
  const chosen = scope.default ?? { action: policy.document.default, reason: policy.document.reason };
  const decision: PolicyDecision = {
    action: chosen.action,
    rule: scope.path ? `${scope.path}.default` : 'default',
    ...(chosen.reason === undefined ? {} : { reason: chosen.reason }),
  };
  return { decision, limits: chosen.action === 'deny' ? [] : allToolsLimits(scopes) };
}

/**
 * A call's decision with rate limits applied: over a limit, the call is denied with when to retry,
 * or sent for approval when the limit says so. Counts nothing: the caller records the call once it
 * goes ahead. Used by the live gateway, a shadow draft, and replay alike.
 */
export function judge(
  policy: CompiledPolicy,
  limiter: RateLimiter,
  call: CallContext,
  now: number,
): Evaluation {
  const evaluation = applyFlagged(policy.document, call, evaluate(policy, call));
  if (evaluation.decision.action === 'deny' || evaluation.limits.length === 0) return evaluation;
  const over = limiter.check(evaluation.limits, call, now);
  if (!over) return evaluation;
  const limit = over.state;
  if (over.limit.onExceed === 'deny') {
    const retry = Math.ceil(limit.retryAfterSeconds ?? 0);
    return {
      decision: {
        action: 'deny',
        rule: over.limit.path,
        reason: `rate limit reached: ${describeLimit(limit)}; try again in ${retry} s`,
        limit,
      },
      limits: [],
    };
  }
  return {
    decision: {
      action: 'approve',
      rule: over.limit.path,
      reason: `over the limit (${describeLimit(limit)}): needs approval`,
      limit,
    },
    limits: evaluation.limits,
  };
}

/** Whether tools/list should leave the tool out: rules with argument conditions do not apply to a listing. */
export function isHidden(policy: CompiledPolicy, client: string, server: string, tool: string): boolean {
  return findRule(policy.scopesFor(client, server), tool, undefined)?.action === 'hide';
}

function findRule(
  scopes: CompiledScope[],
  tool: string,
  args: Record<string, unknown> | undefined,
): CompiledRule | undefined {
  for (const scope of scopes) {
    for (const entry of entriesFor(scope, tool)) {
      for (const rule of entry.rules) {
        if (!rule.when) return rule;
        if (args !== undefined && rule.when(args)) return rule;
      }
    }
  }
  return undefined;
}

function decideByRule(
  rule: CompiledRule,
  scopes: CompiledScope[],
  args: Record<string, unknown>,
): Evaluation {
  const reason = rule.reason === undefined ? {} : { reason: rule.reason };
  if (rule.action === 'hide') {
    return {
      decision: {
        action: 'deny',
        rule: rule.path,
        hidden: true,
        reason: rule.reason ?? 'the tool is hidden by policy',
      },
      limits: [],
    };
  }
  if (rule.action === 'deny') return { decision: { action: 'deny', rule: rule.path, ...reason }, limits: [] };
  if (rule.denyIf?.(args)) {
    return {
      decision: {
        action: 'deny',
        rule: `${rule.path}.deny_if`,
        reason: rule.reason ?? 'the arguments match a deny_if condition',
      },
      limits: [],
    };
  }
  if (rule.require && !rule.require(args)) {
    return {
      decision: {
        action: 'deny',
        rule: `${rule.path}.require`,
        reason: rule.reason ?? "the arguments do not meet the rule's require conditions",
      },
      limits: [],
    };
  }
  return {
    decision: { action: rule.action, rule: rule.path, ...reason },
    limits: [...rule.limits, ...allToolsLimits(scopes)],
  };
}

function allToolsLimits(scopes: CompiledScope[]): CompiledLimit[] {
  return scopes.flatMap((s) => s.allToolsLimits);
}
