import type { z } from 'zod';
import { canonicalAction, type RuleAction } from '../../../../shared/policy';
import type {
  limitSchema,
  policyDocumentSchema,
  serverScopeSchema,
  toolEntrySchema,
  toolRuleSchema,
} from '../../../../shared/policy';

/**
 * Policy documents as written, before the schema fills in defaults: editing must not add
 * `"scope": "grant"` or `"tools": {}` to rules the person did not touch.
 */
export type PolicyInput = z.input<typeof policyDocumentSchema>;
export type ServerScopeInput = z.input<typeof serverScopeSchema>;
export type EntryInput = z.input<typeof toolEntrySchema>;
export type RuleInput = z.input<typeof toolRuleSchema>;
export type LimitInput = z.input<typeof limitSchema>;
export type { RuleAction };

export const ruleActions: readonly RuleAction[] = ['allow', 'approve', 'deny', 'hide'];

export class PolicyEditError extends Error {
  override name = 'PolicyEditError';
}

/** The document in JSON text, as an object (not validated: `policy:check` does that). */
export function readPolicy(text: string): PolicyInput {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyEditError('A policy document is a JSON object.');
  }
  return value as PolicyInput;
}

/** Where a tool's server-scope rule is written, as the gateway names rules. */
export function serverToolPath(server: string, tool: string): string {
  return `servers.${server}.tools.${tool}`;
}

/** Own keys only: a server or tool named `constructor` must not find Object.prototype. */
function own<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function serverToolEntry(doc: PolicyInput, server: string, tool: string): EntryInput | undefined {
  return own(own(doc.servers, server)?.tools, tool);
}

/** An entry's rules, in the order they are tried. */
export function entryRules(entry: EntryInput | undefined): RuleInput[] {
  if (entry === undefined) return [];
  return Array.isArray(entry) ? entry : [entry];
}

/** One rule is written as an object, several as a list (the shape the hosted format also reads). */
export function rulesToEntry(rules: readonly RuleInput[]): EntryInput | undefined {
  if (rules.length === 0) return undefined;
  return rules.length === 1 ? rules[0]! : [...rules];
}

export function ruleAction(rule: RuleInput): RuleAction {
  return canonicalAction(rule.action);
}

/** The rule that decides calls no earlier `when` picked: the first without `when`. */
export function catchAllIndex(rules: readonly RuleInput[]): number {
  return rules.findIndex((rule) => rule.when === undefined);
}

/** What the server-scope entry does with a call its conditional rules pass over, if it says. */
export function entryAction(entry: EntryInput | undefined): RuleAction | undefined {
  const rules = entryRules(entry);
  const index = catchAllIndex(rules);
  return index < 0 ? undefined : ruleAction(rules[index]!);
}

/**
 * Sets (or, with `undefined`, removes) the rule for one tool at `servers.<server>.tools.<tool>`.
 * Removing prunes the `tools`, server and `servers` objects it leaves empty.
 */
export function withServerToolEntry(
  doc: PolicyInput,
  server: string,
  tool: string,
  entry: EntryInput | undefined,
): PolicyInput {
  const servers = { ...doc.servers };
  const scope: ServerScopeInput = { ...own(servers, server) };
  const tools = { ...scope.tools };
  if (entry === undefined) delete tools[tool];
  else defineKey(tools, tool, entry);
  // Assigned through defineProperty so that a tool or server named `__proto__` becomes a key.
  if (Object.keys(tools).length > 0) defineKey(scope, 'tools', tools);
  else delete scope.tools;
  if (Object.keys(scope).length > 0) defineKey(servers, server, scope);
  else delete servers[server];
  const next: PolicyInput = { ...doc };
  if (Object.keys(servers).length > 0) next.servers = servers;
  else delete next.servers;
  return next;
}

function defineKey<T extends object>(target: T, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Changes only what a tool's server-scope rule does, keeping its reason, limits and conditions. With
 * several rules, the catch-all rule changes (one is added at the end if every rule has a `when`), so
 * the conditional rules before it keep deciding the calls they match. The catch-all has no `when`
 * by definition, so it can always become `hide`.
 */
export function withToolAction(
  doc: PolicyInput,
  server: string,
  tool: string,
  action: RuleAction,
): PolicyInput {
  const rules = entryRules(serverToolEntry(doc, server, tool));
  const index = catchAllIndex(rules);
  const next = rules.slice();
  if (index < 0) next.push({ action });
  else next[index] = { ...next[index]!, action };
  return withServerToolEntry(doc, server, tool, rulesToEntry(next));
}

/** The document as the dashboard writes it when it cannot keep the person's formatting. */
export function policyText(doc: PolicyInput): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const limitUnits: Record<string, string> = { second: 'second', minute: 'minute', hour: 'hour', day: 'day' };

export function describeLimit(limit: LimitInput): string {
  const window = typeof limit.window === 'number' ? `${limit.window} s` : limitUnits[limit.window];
  const scope = limit.scope ?? 'grant';
  const over = limit.on_exceed === 'approve' ? ', then ask' : '';
  return `${limit.max} per ${window} per ${scope}${over}`;
}

function conditionCount(rule: RuleInput): number {
  return [rule.when, rule.require, rule.deny_if].reduce(
    (sum, conditions) => sum + (conditions ? Object.keys(conditions).length : 0),
    0,
  );
}

/** A short line for one rule: `deny · "reason" · 1 limit · 2 conditions`. */
export function summarizeRule(rule: RuleInput): string {
  const parts: string[] = [ruleAction(rule)];
  if (rule.reason) parts.push(`“${rule.reason}”`);
  for (const limit of rule.limits ?? []) parts.push(describeLimit(limit));
  const conditions = conditionCount(rule);
  if (conditions > 0) parts.push(`${conditions} condition${conditions === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** What changed in one tool's server-scope entry, in words, for the confirmation after a save. */
export function describeEntryChange(before: EntryInput | undefined, after: EntryInput | undefined): string[] {
  const old = entryRules(before);
  const now = entryRules(after);
  if (old.length === 0 && now.length === 0) return [];
  if (old.length === 0) return [`Added: ${now.map(summarizeRule).join('; then ')}`];
  if (now.length === 0) return [`Removed: ${old.map(summarizeRule).join('; then ')}`];
  if (old.length !== now.length) {
    return [`Rules: ${old.map(summarizeRule).join('; then ')} → ${now.map(summarizeRule).join('; then ')}`];
  }
  const lines: string[] = [];
  old.forEach((was, i) => {
    const is = now[i]!;
    const label = old.length > 1 ? `Rule ${i + 1}: ` : '';
    if (ruleAction(was) !== ruleAction(is))
      lines.push(`${label}action ${ruleAction(was)} → ${ruleAction(is)}`);
    if ((was.reason ?? '') !== (is.reason ?? '')) {
      lines.push(is.reason ? `${label}reason “${is.reason}”` : `${label}reason removed`);
    }
    const limitsWas = (was.limits ?? []).map(describeLimit).join(', ') || 'none';
    const limitsIs = (is.limits ?? []).map(describeLimit).join(', ') || 'none';
    if (limitsWas !== limitsIs) lines.push(`${label}limits ${limitsWas} → ${limitsIs}`);
    const conditionsChanged =
      JSON.stringify([was.when, was.require, was.deny_if]) !==
      JSON.stringify([is.when, is.require, is.deny_if]);
    if (conditionsChanged) lines.push(`${label}conditions ${conditionCount(was)} → ${conditionCount(is)}`);
  });
  return lines;
}
