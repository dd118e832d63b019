import type { z } from 'zod';
import { canonicalAction, type RuleAction } from '../../../../shared/policy';
import type {
  limitSchema,
  policyDocumentSchema,
  toolEntrySchema,
  toolRuleSchema,
} from '../../../../shared/policy';

/**
 * Policy documents as written, before the schema fills in defaults: editing must not add
 * `"scope": "grant"` or `"tools": {}` to rules the person did not touch.
 */
export type PolicyInput = z.input<typeof policyDocumentSchema>;
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

/**
 * Where one tool entry is written: the top level (`tools.<tool>`), a server, a client, or a
 * client's server. `tool` is the entry's key: a tool's name, or a glob.
 */
export interface EntryPlace {
  client?: string | undefined;
  server?: string | undefined;
  tool: string;
}

/** The entry's JSON path in the document. */
export function placePath(place: EntryPlace): string[] {
  return [
    ...(place.client === undefined ? [] : ['clients', place.client]),
    ...(place.server === undefined ? [] : ['servers', place.server]),
    'tools',
    place.tool,
  ];
}

/** The entry as the gateway names rules: `servers.fs.tools.write_file`. */
export function placeName(place: EntryPlace): string {
  return placePath(place).join('.');
}

/** Own keys only: a server or tool named `constructor` must not find Object.prototype. */
function own(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function entryAt(doc: PolicyInput, place: EntryPlace): EntryInput | undefined {
  let value: unknown = doc;
  for (const key of placePath(place)) value = own(value, key);
  return value as EntryInput | undefined;
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
 * Sets (or, with `undefined`, removes) the entry at a place. Removing prunes the objects it leaves
 * empty (`tools`, the server, `servers`, the client, `clients`), but not the top-level `tools`.
 */
export function withEntryAt(doc: PolicyInput, place: EntryPlace, entry: EntryInput | undefined): PolicyInput {
  return setIn(doc, placePath(place), entry, 0) as PolicyInput;
}

function setIn(target: unknown, path: readonly string[], value: unknown, depth: number): unknown {
  const [key, ...rest] = path;
  const copy: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  if (key === undefined) return copy;
  const next = rest.length === 0 ? value : setIn(own(copy, key), rest, value, depth + 1);
  const empty =
    next === undefined ||
    (rest.length > 0 && typeof next === 'object' && next !== null && Object.keys(next).length === 0);
  // The top level keeps its `tools`, even empty, as the person wrote it.
  if (empty && !(depth === 0 && key === 'tools')) delete copy[key];
  // Defined, not assigned: a tool or server named `__proto__` becomes a key.
  else
    Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Changes only what the entry at a place does, keeping its reason, limits and conditions. With
 * several rules, the catch-all rule changes (one is added at the end if every rule has a `when`),
 * so the conditional rules before it keep deciding the calls they match. The catch-all has no
 * `when` by definition, so it can always become `hide`. The action is written in the word the
 * rule already uses when it means the same (`require_approval` stays).
 */
export function withToolAction(doc: PolicyInput, place: EntryPlace, action: RuleAction): PolicyInput {
  const rules = entryRules(entryAt(doc, place));
  const index = catchAllIndex(rules);
  const next = rules.slice();
  if (index < 0) next.push({ action });
  else if (ruleAction(next[index]!) !== action) next[index] = { ...next[index]!, action };
  return withEntryAt(doc, place, rulesToEntry(next));
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
