import type { AlwaysGrant, ApprovalGrants } from '../../shared/approvals';
import {
  defaultPolicy,
  toolEntrySchema,
  type LimitState,
  type ToolEntry,
  type ToolRule,
} from '../../shared/policy';
import { isFlaggedRule } from './flagged';
import { entriesFor, type CompiledLimit, type CompiledPolicy, type CompiledRule } from './compile';
import { isGlob } from './glob';
import { describeLimit } from './rate-limiter';

/** A call the policy sent for approval: whose, which tool, and the decision's rule and limit. */
export interface AskedCall {
  client: string;
  server: string;
  /** Other names clients give the same server (see CallContext). */
  serverAliases?: readonly string[];
  tool: string;
  /** The rule the decision names, e.g. `servers.fs.tools.write_*` or `default`. */
  rule: string;
  /** Set when a rate limit (`on_exceed: approve`) sent the call, not a rule. */
  limit?: LimitState | undefined;
}

export interface GrantPlan extends ApprovalGrants {
  /** What a session grant is kept under (with the session id); undefined when none is offered. */
  sessionKey: string | undefined;
}

/** The rule or default that asked (R), found again in the policy, and the rules tried before it. */
type Asker =
  | { kind: 'rule'; rule: CompiledRule; ahead: CompiledRule[] }
  | { kind: 'default'; path: string; reason: string | undefined; ahead: CompiledRule[] };

const notOffered = (why: string) => ({ offered: false as const, why });
const MAX_REASON = 1000;

/**
 * What "Allow for this session" and "Always allow" grant for a call that `policy` sent for approval,
 * so that the card can say it before the click and the write can check it after.
 *
 * Both grant exactly what asked, no more. A session grant covers the calls to this tool that the
 * same rule, unchanged, sends for approval in that session: never a call another rule asks about,
 * and limits still count. "Always allow" writes R again with `action: allow`, keeping its `when`,
 * `require`, `deny_if` and `limits` (and their counters), at `clients.C.servers.S.tools.T`, the
 * place that only this client's server's tool reads. So that the new rule cannot outrank a rule that
 * decided some of these calls before R (a conditional deny for other arguments, say), the rules
 * tried before R are copied ahead of it, in order. Every other call, and every call R did not ask
 * about, is decided as before: test/unit/policy/grants-property.test.ts checks that over many
 * generated policies. A call that a rate limit sent is not R's to grant: R allows it, and the limit
 * stays.
 */
export function planGrants(policy: CompiledPolicy, revision: number, call: AskedCall, at: number): GrantPlan {
  const asker = findAsker(policy, call);
  if ('why' in asker)
    return { always: notOffered(asker.why), session: notOffered(asker.why), sessionKey: undefined };
  return {
    always: planAlways(policy, revision, call, asker, at),
    session: { offered: true, covers: sessionCovers(call, asker) },
    sessionKey: sessionKeyOf(call, asker),
  };
}

function findAsker(policy: CompiledPolicy, call: AskedCall): Asker | { why: string } {
  if (isFlaggedRule(call.rule, call.client, call.server)) {
    return {
      why: `${call.rule} asks about every call to a tool Portcullis flagged: only this call can be allowed. Accepting the tool's findings (the Trust page, or \`npx portcullis tools accept\`) ends the flag.`,
    };
  }
  if (call.limit) {
    return {
      why: `A rate limit sent this call for approval (${describeLimit(call.limit)}): the rule for ${call.tool} allows it, and the limit stays. Only this call can be allowed.`,
    };
  }
  const scopes = policy.scopesFor(call.client, call.server, call.serverAliases);
  const rules = scopes.flatMap((scope) => [...entriesFor(scope, call.tool)].flatMap((e) => e.rules));
  const at = rules.findIndex((r) => r.path === call.rule);
  const ahead = at === -1 ? rules : rules.slice(0, at);
  // Only rules with a `when` can come before the one that asked: any other would decide first.
  const first = ahead.find((r) => !r.when);
  const changed = (what: string) => `The policy changed since this call was decided: ${what}.`;
  const rule = rules[at];
  if (rule) {
    if (first)
      return { why: changed(`${first.path} now decides every ${call.tool} call before ${rule.path}`) };
    if (rule.action !== 'approve') return { why: changed(`${rule.path} now says "${rule.action}"`) };
    return { kind: 'rule', rule, ahead };
  }
  const scope = scopes.find((s) => s.default) ?? policy.top;
  const path = scope.path ? `${scope.path}.default` : 'default';
  const chosen = scope.default ?? { action: policy.document.default, reason: policy.document.reason };
  if (path !== call.rule)
    return { why: changed(`${call.rule}, which asked, is no longer what decides ${call.tool}`) };
  if (first) return { why: changed(`${first.path} now decides every ${call.tool} call`) };
  if (chosen.action !== 'approve') return { why: changed(`${path} now says "${chosen.action}"`) };
  return { kind: 'default', path, reason: chosen.reason, ahead };
}

/** The same rule, unchanged: editing it ends the grants made under it. */
function sessionKeyOf(call: AskedCall, asker: Asker): string {
  const what = asker.kind === 'rule' ? asker.rule.source : { default: 'approve', reason: asker.reason };
  return [call.tool, askerPath(asker), JSON.stringify(what)].join('\u0000');
}

function sessionCovers(call: AskedCall, asker: Asker): string {
  const when = asker.kind === 'rule' ? asker.rule.source.when : undefined;
  const who = asker.kind === 'rule' ? asker.rule.path : `the default (${asker.path})`;
  return (
    `Calls to ${call.tool} in this session that ${who} sends for approval` +
    (when ? ` (arguments matching ${JSON.stringify(when)})` : '') +
    ', until the session ends. Limits still count; a call another rule asks about still asks.'
  );
}

function askerPath(asker: Asker): string {
  return asker.kind === 'rule' ? asker.rule.path : asker.path;
}

function planAlways(
  policy: CompiledPolicy,
  revision: number,
  call: AskedCall,
  asker: Asker,
  at: number,
): AlwaysGrant {
  if ([call.client, call.server, call.tool].includes('__proto__'))
    return notOffered('A policy cannot name "__proto__". Allow it once or for this session.');
  if (isGlob(call.tool)) {
    return notOffered(
      `A policy would read "${call.tool}" as a pattern covering other tools, so no rule can name this tool alone. Allow it once or for this session.`,
    );
  }
  const target = `clients.${call.client}.servers.${call.server}`;
  const path = `${target}.tools.${call.tool}`;
  const [first] = policy.scopesFor(call.client, call.server, call.serverAliases);
  const own = first?.path === target ? (first.exact.get(call.tool)?.rules ?? []) : [];
  const allow = allowRule(asker, at);

  let entry: ToolEntry;
  let kept: string[] = [];
  const replaced = asker.kind === 'rule' ? own.indexOf(asker.rule) : -1;
  if (replaced !== -1) {
    // R is at the very place: the new rule takes its path, so its limits keep their counters as they are.
    const rules = own.map((r, i) => (i === replaced ? allow.rule : r.source));
    entry = own.length === 1 && own[0]!.path === path ? rules[0]! : rules;
  } else {
    // The entry's own rules come first for this tool anyway; the rest of `ahead` comes from broader places.
    const copied = asker.ahead.slice(own.length);
    kept = copied.map((r) => r.path);
    const written: Written[] = [...own, ...copied].map((r) => ({ rule: r.source, from: r }));
    written.push(allow);
    entry = written.length === 1 ? pinned(allow, path) : written.map((w, i) => pinned(w, `${path}[${i}]`));
  }
  const valid = toolEntrySchema.safeParse(entry);
  if (!valid.success) {
    return notOffered(
      `The rule it would write is not valid (${valid.error.issues[0]?.message ?? 'invalid'}). Allow it once or for this session.`,
    );
  }
  return {
    offered: true,
    revision,
    path,
    entry: structuredClone(entry),
    ...(replaced !== -1 ? { replaces: askerPath(asker) } : {}),
    kept,
  };
}

interface Written {
  rule: ToolRule;
  /** The compiled rule it was made from: where its limits counted. */
  from: { path: string; limits: CompiledLimit[] } | undefined;
}

/**
 * R with `action: allow`; its conditions and limits stay. Its reason says who allowed it, unless R
 * has `deny_if` or `require`: the reason is also what their denials say, and those must not change.
 */
function allowRule(asker: Asker, at: number): Written {
  const said = `always allowed from an approval on ${new Date(at).toISOString().slice(0, 10)}, where ${askerPath(asker)} asked`;
  if (asker.kind === 'default')
    return { rule: { action: 'allow', reason: said.slice(0, MAX_REASON) }, from: undefined };
  const { reason, when, require, deny_if, limits, rate_limit } = asker.rule.source;
  const rule: ToolRule = { action: 'allow' };
  if (require || deny_if) {
    if (reason !== undefined) rule.reason = reason;
  } else rule.reason = said.slice(0, MAX_REASON);
  // In the schema's order, which is the order the dashboard shows it in after validating it.
  if (limits) rule.limits = limits;
  if (rate_limit) rule.rate_limit = rate_limit;
  if (when) rule.when = when;
  if (require) rule.require = require;
  if (deny_if) rule.deny_if = deny_if;
  return { rule, from: asker.rule };
}

/**
 * A rule written at a new path keeps counting where it counted before: a limit without a counter
 * name counts under its own path, so the copy names the old counter.
 */
function pinned({ rule, from }: Written, path: string): ToolRule {
  if (!from || from.path === path || (!rule.limits && !rule.rate_limit)) return rule;
  const pin = <L extends { counter?: string | undefined }>(limit: L, at: string): L => ({
    counter: from.limits.find((l) => l.path === at)?.counter ?? limit.counter,
    ...limit,
  });
  return {
    ...rule,
    ...(rule.limits
      ? { limits: rule.limits.map((limit, i) => pin(limit, `${from.path}.limits[${i}]`)) }
      : {}),
    ...(rule.rate_limit ? { rate_limit: pin(rule.rate_limit, `${from.path}.rate_limit`) } : {}),
  };
}

/**
 * The saved document with a planned entry written in, everything else as the person wrote it (not
 * the parsed form with its defaults filled in).
 */
export function writeGrant(
  saved: string | undefined,
  call: Pick<AskedCall, 'client' | 'server' | 'tool'>,
  entry: ToolEntry,
): string {
  const document = (saved === undefined ? structuredClone(defaultPolicy) : JSON.parse(saved)) as Record<
    string,
    unknown
  >;
  const scope = child(child(child(document, 'clients'), call.client), 'servers');
  child(child(scope, call.server), 'tools')[call.tool] = entry;
  return `${JSON.stringify(document, null, 2)}\n`;
}

function child(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  // Assigning "__proto__" would replace the object's prototype instead of adding a key.
  if (key === '__proto__') throw new Error('A policy cannot name "__proto__".');
  if (!Object.hasOwn(parent, key)) parent[key] = {};
  return parent[key] as Record<string, unknown>;
}
