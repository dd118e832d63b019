import type { PolicyDecision, RuleLocation } from '../../shared/policy';
import { BoundExceeded, checkArgumentDepth, checkToolName } from './caps';
import {
  entriesFor,
  hiddenBy,
  type CompiledLimit,
  type CompiledPolicy,
  type CompiledRule,
  type CompiledScope,
} from './compile';
import { ConditionContext, type Predicate, type Truth } from './conditions';
import type { Place, Unknown } from './paths';
import type { FlagKind } from '../../shared/trust';
import { applyFlagged } from './flagged';
import { describeLimit, type RateLimiter } from './rate-limiter';

export interface CallContext {
  client: string;
  server: string;
  /** Other names clients give the same server; their scopes apply after the server's own. */
  serverAliases?: readonly string[];
  tool: string;
  args: Record<string, unknown>;
  /** For limits with `scope: session`. */
  sessionId?: string;
  /** Where the server runs, for what its paths mean; without it, relative paths are unknown. */
  place?: Place;
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
 * 0. Bounds. A tool name or arguments beyond the caps in caps.ts are refused before any rule.
 *    Then a tool the top-level `hide` list names (the hosted shape) is hidden and denied.
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
 *
 * Conditions that cannot be decided (unknown: a path not resolved with certainty) fall on the safe
 * side: `require` fails, `deny_if` matches, and `when` applies its rule when the rule denies or asks
 * and passes it over when it allows. A condition that meets a bound (a value too long to examine)
 * refuses the call, naming the bound.
 */
export function evaluate(policy: CompiledPolicy, call: CallContext): Evaluation {
  const refused = checkToolName(call.tool) ?? checkArgumentDepth(call.args);
  if (refused) return { decision: { action: 'deny', rule: 'bounds', reason: refused }, limits: [] };
  const hidden = hiddenBy(policy, call.tool);
  if (hidden) {
    return {
      decision: { action: 'deny', rule: hidden.path, hidden: true, reason: 'the tool is hidden by policy' },
      limits: [],
    };
  }
  const scopes = policy.scopesFor(call.client, call.server, call.serverAliases);
  const context = new ConditionContext(call.place, policy.system);
  try {
    const found = findRule(scopes, call.tool, call.args, context);
    if (found) return decideByRule(found, scopes, call.args, context);
  } catch (error) {
    if (!(error instanceof RuleRefusal)) throw error;
    return { decision: { action: 'deny', rule: error.rule, reason: error.message }, limits: [] };
  }
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
export function isHidden(
  policy: CompiledPolicy,
  client: string,
  server: string,
  tool: string,
  aliases?: readonly string[],
): boolean {
  if (hiddenBy(policy, tool)) return true;
  return findRule(policy.scopesFor(client, server, aliases), tool, undefined)?.rule.action === 'hide';
}

/** The rule that governs a tool, as the policy says it (see `ToolPolicy`), with the limits it counts under. */
export interface Governing {
  action: 'allow' | 'deny' | 'approve' | 'hide';
  rule: string;
  at: RuleLocation;
  reason: string | undefined;
  conditional: number;
  limits: CompiledLimit[];
}

/**
 * What the policy says about a tool for a client's server, before any call: the `hide` list, else
 * the first rule without `when` (the one a call no condition picks meets), else the default. Rules
 * with `when` tried before it are counted, not judged: they depend on each call's arguments.
 */
export function governing(
  policy: CompiledPolicy,
  client: string,
  server: string,
  tool: string,
  aliases?: readonly string[],
): Governing {
  const hidden = hiddenBy(policy, tool);
  if (hidden) {
    const index = policy.hide.indexOf(hidden);
    return {
      action: 'hide',
      rule: hidden.path,
      at: { kind: 'hide', index },
      reason: undefined,
      conditional: 0,
      limits: [],
    };
  }
  const scopes = policy.scopesFor(client, server, aliases);
  let conditional = 0;
  for (const scope of scopes) {
    for (const entry of entriesFor(scope, tool)) {
      for (const rule of entry.rules) {
        if (rule.when) {
          conditional++;
          continue;
        }
        const counts = rule.action === 'allow' || rule.action === 'approve';
        return {
          action: rule.action,
          rule: rule.path,
          at: rule.at,
          reason: rule.reason,
          conditional,
          limits: counts ? [...rule.limits, ...allToolsLimits(scopes)] : [],
        };
      }
    }
  }
  const scope = scopes.find((s) => s.default) ?? policy.top;
  const chosen = scope.default ?? { action: policy.document.default, reason: policy.document.reason };
  return {
    action: chosen.action,
    rule: scope.path ? `${scope.path}.default` : 'default',
    at: { kind: 'default', ...scope.place },
    reason: chosen.reason,
    conditional,
    limits: chosen.action === 'deny' ? [] : allToolsLimits(scopes),
  };
}

/** A bound met while evaluating a rule's conditions, with where in the document. */
class RuleRefusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

function check(
  predicate: Predicate,
  args: Record<string, unknown>,
  context: ConditionContext,
  where: string,
): Truth {
  try {
    return predicate(args, context);
  } catch (error) {
    if (error instanceof BoundExceeded) throw new RuleRefusal(where, error.message);
    throw error;
  }
}

/** A rule that applies, and whether it applies only because its `when` could not be decided. */
interface Found {
  rule: CompiledRule;
  uncertain?: Unknown;
}

function findRule(
  scopes: CompiledScope[],
  tool: string,
  args: Record<string, unknown> | undefined,
  context?: ConditionContext,
): Found | undefined {
  for (const scope of scopes) {
    for (const entry of entriesFor(scope, tool)) {
      for (const rule of entry.rules) {
        if (!rule.when) return { rule };
        if (args === undefined || !context) continue;
        const applies = check(rule.when, args, context, `${rule.path}.when`);
        if (applies === true) return { rule };
        // Unknown: the safe side is to let a refusing rule decide, and not to let an allowing one.
        if (applies !== false && rule.action !== 'allow') return { rule, uncertain: applies };
      }
    }
  }
  return undefined;
}

function uncertainty(unknown: Unknown): string {
  return `the path could not be resolved with certainty: ${unknown.unknown}`;
}

function withUncertainty(reason: string, unknown: Unknown | undefined): string {
  return unknown ? `${reason}; ${uncertainty(unknown)}` : reason;
}

function decideByRule(
  { rule, uncertain }: Found,
  scopes: CompiledScope[],
  args: Record<string, unknown>,
  context: ConditionContext,
): Evaluation {
  const reason =
    rule.reason === undefined && !uncertain
      ? {}
      : { reason: withUncertainty(rule.reason ?? `the rule's when conditions may match`, uncertain) };
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
  const denied = rule.denyIf && check(rule.denyIf, args, context, `${rule.path}.deny_if`);
  if (denied !== undefined && denied !== false) {
    const unsure = denied === true ? undefined : denied;
    return {
      decision: {
        action: 'deny',
        rule: `${rule.path}.deny_if`,
        reason: withUncertainty(
          rule.reason ??
            (unsure
              ? 'the arguments may match a deny_if condition'
              : 'the arguments match a deny_if condition'),
          unsure,
        ),
      },
      limits: [],
    };
  }
  const required = rule.require && check(rule.require, args, context, `${rule.path}.require`);
  if (required !== undefined && required !== true) {
    const unsure = required === false ? undefined : required;
    return {
      decision: {
        action: 'deny',
        rule: `${rule.path}.require`,
        reason: withUncertainty(
          rule.reason ??
            (unsure
              ? "the arguments may not meet the rule's require conditions"
              : "the arguments do not meet the rule's require conditions"),
          unsure,
        ),
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
