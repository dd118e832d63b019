import type { FlaggedRule, PolicyDecision, PolicyDocument } from '../../shared/policy';
import type { FlagKind } from '../../shared/trust';

/** How strict an outcome is: a `flagged` rule may only move a decision up this order. */
const STRICTNESS = { allow: 0, approve: 1, deny: 2 } as const;

interface Found {
  rule: FlaggedRule;
  path: string;
}

/** Where a `flagged` rule can be written for a client's server, most specific first. */
function flaggedPaths(client: string, server: string): string[] {
  return [
    `clients.${client}.servers.${server}.flagged`,
    `servers.${server}.flagged`,
    `clients.${client}.flagged`,
    'flagged',
  ];
}

/** Whether a decision's rule is a `flagged` rule (what asked was a flag, not a tool rule). */
export function isFlaggedRule(rule: string, client: string, server: string): boolean {
  return flaggedPaths(client, server).includes(rule);
}

/** The `flagged` rule that applies to a client's server: the most specific scope that sets one. */
function flaggedRuleFor(document: PolicyDocument, client: string, server: string): Found | undefined {
  const forClient = document.clients?.[client];
  const rules = [
    forClient?.servers?.[server]?.flagged,
    document.servers?.[server]?.flagged,
    forClient?.flagged,
    document.flagged,
  ];
  const paths = flaggedPaths(client, server);
  const at = rules.findIndex((rule) => rule !== undefined);
  return at === -1 ? undefined : { rule: rules[at]!, path: paths[at]! };
}

/** The applicable rule when the tool carries a flag it names. */
function matching(
  document: PolicyDocument,
  client: string,
  server: string,
  flags: readonly FlagKind[] | undefined,
): (Found & { kinds: FlagKind[] }) | undefined {
  if (!flags || flags.length === 0) return undefined;
  const found = flaggedRuleFor(document, client, server);
  if (!found) return undefined;
  const kinds = flags.filter((kind) => !found.rule.kinds || found.rule.kinds.includes(kind));
  return kinds.length > 0 ? { ...found, kinds } : undefined;
}

/**
 * A decision with the `flagged` rule applied: the stricter of the two stands. Limits stay when the
 * call may still go ahead (approve), and go when it is denied.
 */
export function applyFlagged<E extends { decision: PolicyDecision; limits: unknown[] }>(
  document: PolicyDocument,
  call: { client: string; server: string; flags?: readonly FlagKind[] | undefined },
  evaluation: E,
): E {
  const found = matching(document, call.client, call.server, call.flags);
  if (!found) return evaluation;
  const action = found.rule.action === 'hide' ? 'deny' : found.rule.action;
  if (STRICTNESS[action] <= STRICTNESS[evaluation.decision.action]) return evaluation;
  const decision: PolicyDecision = {
    action,
    rule: found.path,
    reason: found.rule.reason ?? `Portcullis flagged this tool (${found.kinds.join(', ')})`,
    ...(found.rule.action === 'hide' ? { hidden: true } : {}),
  };
  return { ...evaluation, decision, limits: action === 'deny' ? [] : evaluation.limits };
}

/** Whether a `flagged` rule hides the tool from tools/list. */
export function hiddenByFlags(
  document: PolicyDocument,
  client: string,
  server: string,
  flags: readonly FlagKind[] | undefined,
): boolean {
  return matching(document, client, server, flags)?.rule.action === 'hide';
}
