import type { PolicyDocumentInput } from '../../shared/policy';
import type { Classification, RiskLevel, ToolCategory } from '../../shared/tools';
import { isGlob } from './glob';

export interface ClassifiedTool {
  server: string;
  name: string;
  classification: Classification;
}

/**
 * The recommended policy for the tools seen so far (DESIGN §5, the hosted gateways' published
 * recommendation): Read is allowed; Write is allowed at up to 30 calls a minute per client, so a
 * looping agent cannot make hundreds of changes; Destructive, Financial and Execute need approval.
 * The risk can make that stricter, never looser: High risk (a tool its server marks destructive)
 * needs approval, Medium (a read of secrets) is capped like a Write.
 * Rules are per server, because the same name can do different things on different servers.
 * Tools not seen yet need approval. Keys are sorted, so the same tools always give the same text.
 */
export function suggestPolicy(tools: readonly ClassifiedTool[]): PolicyDocumentInput {
  const seen = new Map<string, Set<string>>();
  const rules = new Map<string, Map<string, Rule>>();
  let unwritable = 0;
  for (const { server, name, classification } of tools) {
    const names = seen.get(server) ?? new Set<string>();
    seen.set(server, names);
    const again = names.has(name);
    names.add(name);
    if (!canBeRuleKey(server) || !canBeRuleKey(name) || isGlob(name)) {
      // A rule named `get_*` would be read as a glob and cover other tools: leave these to the default.
      if (!again) unwritable++;
      continue;
    }
    const serverRules = rules.get(server) ?? new Map<string, Rule>();
    rules.set(server, serverRules);
    // The same tool listed twice (seen from two clients, say) gets the stricter rule.
    serverRules.set(name, stricter(serverRules.get(name) ?? 'allow', ruleOf(classification)));
  }

  const toolCount = [...seen.values()].reduce((sum, names) => sum + names.size, 0);
  const left =
    unwritable === 0 ? '' : ` ${count(unwritable, 'tool')} left to the default: a policy cannot name them.`;
  const servers = sortedEntries(rules).map(([server, serverRules]) => [
    server,
    { tools: Object.fromEntries(sortedEntries(serverRules).map(([name, rule]) => [name, ruleInput(rule)])) },
  ]);

  return {
    version: '1',
    description: `Suggested from ${count(toolCount, 'tool')} on ${count(seen.size, 'server')}.${left}`,
    default: 'approve',
    reason: 'This tool was not seen when the policy was suggested, so it needs approval.',
    tools: {},
    servers: Object.fromEntries(servers),
  };
}

type RuleInput = NonNullable<PolicyDocumentInput['tools']>[string];

/** Least to most strict. */
const RULES = ['allow', 'limit', 'approve'] as const;
type Rule = (typeof RULES)[number];

const BY_CATEGORY: Record<ToolCategory, Rule> = {
  Read: 'allow',
  Write: 'limit',
  Destructive: 'approve',
  Financial: 'approve',
  Execute: 'approve',
};
const BY_RISK: Record<RiskLevel, Rule> = { Low: 'allow', Medium: 'limit', High: 'approve' };

function ruleOf(classification: Classification): Rule {
  return stricter(BY_CATEGORY[classification.category], BY_RISK[classification.risk]);
}

function stricter(a: Rule, b: Rule): Rule {
  return RULES.indexOf(a) >= RULES.indexOf(b) ? a : b;
}

/** Written as a person would write it: fields at their defaults (scope grant, on_exceed deny) are left out where the published shape leaves them out. */
function ruleInput(rule: Rule): RuleInput {
  switch (rule) {
    case 'allow':
      return {};
    case 'limit':
      return { limits: [{ window: 'minute', max: 30, scope: 'grant' }] };
    case 'approve':
      return { action: 'approve' };
  }
}

/**
 * What survives policyDocumentSchema as a server or tool key: 1 to 500 characters, and not
 * `__proto__`, which zod's record parsing silently drops.
 */
function canBeRuleKey(text: string): boolean {
  return text.length >= 1 && text.length <= 500 && text !== '__proto__';
}

/** Sorted by UTF-16 code units, not the locale, so every machine writes the same document. */
function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
