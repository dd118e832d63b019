import { describe, expect, it } from 'vitest';
import type { Conditions, Limit, PolicyDecision, PolicyDocument, ToolRule } from '../../../shared/policy';
import { compilePolicy, type CompiledLimit, type CompiledPolicy } from '../../../main/policy/compile';
import { evaluate, isHidden } from '../../../main/policy/evaluate';
import { planGrants, writeGrant } from '../../../main/policy/grants';
import { parsePolicy } from '../../../main/policy/parse';

/**
 * The property "Always allow" must hold: after writing the planned rule for an approved call
 * (C, S, T) that rule R asked about, every call is decided exactly as before, except that calls to
 * (C, S, T) that R sent for approval are now allowed, by the new rule, with the same limits. Checked
 * over many generated policies (scopes, globs, exact names, conditions on two arguments, every
 * action, limits, deny_if, require, defaults) and a grid of calls that includes other clients,
 * servers, tools and arguments, and names no rule mentions.
 */

/** A small seeded generator (mulberry32), so a failure names a seed that reproduces it. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}
type Random = ReturnType<typeof random>;

const CLIENTS = ['c1', 'c2'];
const SERVERS = ['s1', 's2'];
const TOOL_KEYS = ['t1', 't2', 'get_a', 'get_b', 'get_*', '*', 't?'];
const CONDITIONS: Conditions[] = [
  { mode: 'a' },
  { mode: { in: ['a', 'b'] } },
  { mode: { not: 'b' } },
  { n: { gt: 2 } },
  { n: { exists: false } },
  { mode: 'b', n: { lte: 1 } },
];
const ARGS: Record<string, unknown>[] = [];
for (const mode of ['a', 'b', undefined])
  for (const n of [1, 5, undefined])
    ARGS.push({ ...(mode === undefined ? {} : { mode }), ...(n === undefined ? {} : { n }) });

function limit(r: Random): Limit {
  return {
    ...(r.chance(0.3) ? { counter: r.pick(['shared', 'other']) } : {}),
    window: r.pick(['minute', 'hour', 60] as const),
    max: r.int(1, 5),
    scope: r.pick(['grant', 'session', 'server', 'tool', 'global'] as const),
    on_exceed: r.pick(['deny', 'approve'] as const),
  };
}

function rule(r: Random): ToolRule {
  const action = r.pick([undefined, 'allow', 'deny', 'approve', 'approve', 'hide'] as const);
  const out: ToolRule = {};
  if (action) out.action = action;
  if (r.chance(0.3)) out.reason = `reason ${r.int(1, 99)}`;
  if (action !== 'hide' && r.chance(0.55)) out.when = r.pick(CONDITIONS);
  if (r.chance(0.15)) out.require = r.pick(CONDITIONS);
  if (r.chance(0.15)) out.deny_if = r.pick(CONDITIONS);
  if (r.chance(0.35)) out.limits = Array.from({ length: r.int(1, 2) }, () => limit(r));
  return out;
}

function scope(r: Random, withDefault: boolean) {
  const tools: Record<string, ToolRule | ToolRule[]> = {};
  for (let i = r.int(0, 3); i > 0; i--) {
    tools[r.pick(TOOL_KEYS)] = r.chance(0.6) ? rule(r) : Array.from({ length: r.int(1, 3) }, () => rule(r));
  }
  return {
    tools,
    ...(withDefault && r.chance(0.35) ? { default: r.pick(['allow', 'deny', 'approve'] as const) } : {}),
    ...(r.chance(0.15) ? { all_tools: { limits: [limit(r)] } } : {}),
  };
}

function document(r: Random): PolicyDocument {
  const doc: PolicyDocument = {
    version: '1',
    default: r.pick(['allow', 'deny', 'approve']),
    ...scope(r, false),
  };
  if (r.chance(0.3)) doc.reason = 'top default';
  for (const s of SERVERS) if (r.chance(0.5)) (doc.servers ??= {})[s] = scope(r, true);
  for (const c of CLIENTS) {
    if (!r.chance(0.5)) continue;
    const client: NonNullable<PolicyDocument['clients']>[string] = scope(r, true);
    for (const s of SERVERS) if (r.chance(0.5)) (client.servers ??= {})[s] = scope(r, true);
    (doc.clients ??= {})[c] = client;
  }
  return doc;
}

/** A decision as it acts on the call: the rule's path is compared separately. */
function acts(decision: PolicyDecision, limits: CompiledLimit[]) {
  return {
    action: decision.action,
    reason: decision.reason,
    hidden: decision.hidden,
    limits: limits.map((l) => [l.counter, l.scope, l.max, l.windowMs, l.onExceed]),
  };
}

const GRID = {
  clients: [...CLIENTS, 'cx'],
  servers: [...SERVERS, 'sx'],
  tools: ['t1', 't2', 'get_a', 'get_b', 'tz', 'zz'],
};

function* cells() {
  for (const client of GRID.clients)
    for (const server of GRID.servers)
      for (const tool of GRID.tools) for (const args of ARGS) yield { client, server, tool, args };
}

function compiled(doc: PolicyDocument | string): CompiledPolicy {
  const parsed = parsePolicy(typeof doc === 'string' ? doc : JSON.stringify(doc));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return compilePolicy(parsed.document);
}

const failures: string[] = [];
/** Cheap enough for a few hundred thousand cells; the first failures are reported with their call. */
function check(where: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e && failures.length < 5) failures.push(`${where}\n  expected ${e}\n  got      ${a}`);
}

describe('"Always allow" changes exactly the calls that the rule that asked sent for approval', () => {
  it('holds over generated policies and a grid of calls', { timeout: 60_000 }, () => {
    let planned = 0;
    let viaCopies = 0;
    let changedCells = 0;
    let notOffered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const before = document(r);
      const old = compiled(before);
      // Every distinct (client, server, tool, rule) the policy asks about, for tools a rule can name.
      const asked = new Map<string, { client: string; server: string; tool: string; rule: string }>();
      for (const cell of cells()) {
        const { decision } = evaluate(old, cell);
        if (decision.action !== 'approve') continue;
        const key = `${cell.client}/${cell.server}/${cell.tool}/${decision.rule}`;
        if (!asked.has(key)) asked.set(key, { ...cell, rule: decision.rule });
      }
      for (const call of [...asked.values()].slice(0, 4)) {
        const context = `seed ${seed}, always allow ${call.client}/${call.server}/${call.tool} asked by ${call.rule}`;
        const grant = planGrants(old, 7, call, Date.UTC(2026, 0, 2)).always;
        if (!grant.offered) {
          notOffered++;
          continue;
        }
        planned++;
        if (grant.kept.length > 0) viaCopies++;
        const after = compiled(writeGrant(JSON.stringify(before), call, grant.entry));
        // Where each rule of the written entry came from, for decisions now named by a copy.
        const written = Array.isArray(grant.entry) ? grant.entry.length : 1;
        const ownBefore = written - grant.kept.length - 1;
        const ownPaths = ownRulePaths(old, call.client, call.server, call.tool);
        const sources = grant.replaces ? [] : [...ownPaths.slice(0, ownBefore), ...grant.kept, call.rule];

        for (const cell of cells()) {
          const was = evaluate(old, cell);
          const now = evaluate(after, cell);
          const where = `${context}: ${JSON.stringify(cell)}`;
          const same = cell.client === call.client && cell.server === call.server && cell.tool === call.tool;
          if (same && was.decision.action === 'approve' && was.decision.rule === call.rule) {
            changedCells++;
            // Allowed by the new rule, with the same limits (same counters) as the rule that asked.
            const expected = {
              ...acts(was.decision, was.limits),
              action: 'allow',
              reason: now.decision.reason,
            };
            check(
              where,
              { ...acts(now.decision, now.limits), inEntry: now.decision.rule.startsWith(grant.path) },
              {
                ...expected,
                inEntry: true,
              },
            );
            continue;
          }
          check(where, acts(now.decision, now.limits), acts(was.decision, was.limits));
          if (now.decision.rule === was.decision.rule) continue;
          // Only a rule of the written entry may name the decision differently: the copy of the rule
          // that made it before (or the same rule, now one of a list).
          const [, rulePath = '', suffix = ''] = /^(.*?)(\.deny_if|\.require)?$/.exec(now.decision.rule)!;
          const index = rulePath === grant.path ? 0 : Number(/\[(\d+)\]$/.exec(rulePath)?.[1]);
          const source =
            same && rulePath.startsWith(grant.path) ? `${sources[index]}${suffix}` : now.decision.rule;
          check(where, source, was.decision.rule);
        }
        for (const client of GRID.clients)
          for (const server of GRID.servers)
            for (const tool of GRID.tools)
              check(
                `${context}: hidden ${client}/${server}/${tool}`,
                isHidden(after, client, server, tool),
                isHidden(old, client, server, tool),
              );
      }
    }
    expect(failures).toEqual([]);
    // The generator must reach the interesting cases, or the property says little.
    expect(planned).toBeGreaterThan(300);
    expect(viaCopies).toBeGreaterThan(50);
    expect(changedCells).toBeGreaterThan(1000);
    expect(notOffered).toBe(0);
  });
});

/** The paths of the rules already at `clients.C.servers.S.tools.T`, in order. */
function ownRulePaths(policy: CompiledPolicy, client: string, server: string, tool: string): string[] {
  const [first] = policy.scopesFor(client, server);
  if (first?.path !== `clients.${client}.servers.${server}`) return [];
  return first.exact.get(tool)?.rules.map((r) => r.path) ?? [];
}
