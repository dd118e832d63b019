import {
  rateLimitAsLimit,
  WINDOW_SECONDS,
  type DefaultAction,
  type Limit,
  type LimitScope,
  type PolicyDocument,
  type RuleLocation,
  type ServerScope,
  type ToolEntry,
  type ToolRule,
} from '../../shared/policy';
import { compileConditions, type Predicate } from './conditions';
import { bySpecificity, codePoints, compileGlob, globMatches, isGlob, type Glob } from './glob';
import { localSystem, type PathSystem } from './system';

export interface CompiledLimit {
  /** Where it is written, e.g. `tools.write_file.limits[0]`. */
  path: string;
  counter: string;
  scope: LimitScope;
  max: number;
  windowMs: number;
  onExceed: 'deny' | 'approve';
}

export interface CompiledRule {
  path: string;
  /** The same place as data, for a page that opens the rule. */
  at: Extract<RuleLocation, { kind: 'rule' }>;
  /** The rule as the validated document says it, for grants that copy it (main/policy/grants.ts). */
  source: ToolRule;
  action: 'allow' | 'deny' | 'approve' | 'hide';
  reason: string | undefined;
  when: Predicate | undefined;
  require: Predicate | undefined;
  denyIf: Predicate | undefined;
  limits: CompiledLimit[];
}

interface CompiledEntry {
  rules: CompiledRule[];
}

/** Which scope: neither (the top level), a server, a client, or a client's server. */
export interface ScopePlace {
  client?: string;
  server?: string;
}

export interface CompiledScope {
  /** `''` for the top level, `servers.github`, `clients.cursor`, `clients.cursor.servers.github`. */
  path: string;
  place: ScopePlace;
  exact: Map<string, CompiledEntry>;
  /** Most specific first (see `bySpecificity`). */
  globs: { glob: Glob; entry: CompiledEntry }[];
  default: { action: DefaultAction; reason: string | undefined } | undefined;
  allToolsLimits: CompiledLimit[];
}

/** One name (or glob) of the top-level `hide` list, with where it is written. */
export interface HiddenName {
  path: string;
  name: string;
  glob: Glob | undefined;
}

export interface CompiledPolicy {
  document: PolicyDocument;
  /** The top-level `hide` list: these tools are hidden and denied before any rule is tried. */
  hide: HiddenName[];
  /** The machine its paths were resolved on, and the one calls' paths are resolved on. */
  system: PathSystem;
  top: CompiledScope;
  /**
   * The scopes that apply to a client's server, most specific first:
   * `clients.C.servers.S`, `servers.S`, `clients.C`, then the top level. A server that clients
   * know by other names too (the same command and arguments, or URL, under other keys: see
   * main/clients/server-identity.ts) has its `aliases` tried after its name, at each level.
   */
  scopesFor(client: string, server: string, aliases?: readonly string[]): CompiledScope[];
}

/** Turn a validated document into lookup tables, once per revision. */
export function compilePolicy(document: PolicyDocument, system: PathSystem = localSystem()): CompiledPolicy {
  const compileScope = (path: string, place: ScopePlace, scope: ServerScope & { default?: DefaultAction }) =>
    scopeOf(path, place, scope, system);
  const top = compileScope('', {}, document);
  const servers = new Map(
    Object.entries(document.servers ?? {}).map(([s, scope]) => [
      s,
      compileScope(`servers.${s}`, { server: s }, scope),
    ]),
  );
  const clients = new Map(
    Object.entries(document.clients ?? {}).map(([c, scope]) => [
      c,
      {
        scope: compileScope(`clients.${c}`, { client: c }, scope),
        servers: new Map(
          Object.entries(scope.servers ?? {}).map(([s, inner]) => [
            s,
            compileScope(`clients.${c}.servers.${s}`, { client: c, server: s }, inner),
          ]),
        ),
      },
    ]),
  );
  const cache = new Map<string, CompiledScope[]>();
  return {
    document,
    hide: (document.hide ?? []).map((name, i) => ({
      path: `hide[${i}]`,
      name,
      glob: isGlob(name) ? compileGlob(name) : undefined,
    })),
    system,
    top,
    scopesFor(client, server, aliases = []) {
      const names = [server, ...aliases.filter((alias) => alias !== server)];
      const key = [client, ...names].join('\u0000');
      let scopes = cache.get(key);
      if (!scopes) {
        const forClient = clients.get(client);
        scopes = [
          ...names.map((name) => forClient?.servers.get(name)),
          ...names.map((name) => servers.get(name)),
          forClient?.scope,
          top,
        ].filter((s): s is CompiledScope => s !== undefined);
        cache.set(key, scopes);
      }
      return scopes;
    },
  };
}

function scopeOf(
  path: string,
  place: ScopePlace,
  scope: ServerScope & { default?: DefaultAction },
  system: PathSystem,
): CompiledScope {
  const exact = new Map<string, CompiledEntry>();
  const globs: CompiledScope['globs'] = [];
  for (const [name, entry] of Object.entries(scope.tools ?? {})) {
    const entryPath = `${path ? `${path}.` : ''}tools.${name}`;
    const compiled = {
      rules: compileEntry(entryPath, { kind: 'rule', ...place, tool: name }, entry, system),
    };
    if (isGlob(name)) globs.push({ glob: compileGlob(name), entry: compiled });
    else exact.set(name, compiled);
  }
  globs.sort((a, b) => bySpecificity(a.glob, b.glob));
  const prefix = path ? `${path}.` : '';
  return {
    path,
    place,
    exact,
    globs,
    default: scope.default === undefined ? undefined : { action: scope.default, reason: scope.reason },
    allToolsLimits: (scope.all_tools?.limits ?? []).map((l, i) =>
      compileLimit(`${prefix}all_tools.limits[${i}]`, l),
    ),
  };
}

function compileEntry(
  path: string,
  at: CompiledRule['at'],
  entry: ToolEntry,
  system: PathSystem,
): CompiledRule[] {
  const rules = Array.isArray(entry) ? entry : [entry];
  return rules.map((rule, i) => {
    const rulePath = Array.isArray(entry) ? `${path}[${i}]` : path;
    return {
      path: rulePath,
      at: Array.isArray(entry) ? { ...at, index: i } : at,
      source: rule,
      action: rule.action ?? 'allow',
      reason: rule.reason,
      when: rule.when && compileConditions(rule.when, system),
      require: rule.require && compileConditions(rule.require, system),
      denyIf: rule.deny_if && compileConditions(rule.deny_if, system),
      limits: [
        ...(rule.limits ?? []).map((l, j) => compileLimit(`${rulePath}.limits[${j}]`, l)),
        ...(rule.rate_limit
          ? [compileLimit(`${rulePath}.rate_limit`, rateLimitAsLimit(rule.rate_limit))]
          : []),
      ],
    };
  });
}

function compileLimit(path: string, limit: Limit): CompiledLimit {
  const seconds = typeof limit.window === 'number' ? limit.window : WINDOW_SECONDS[limit.window];
  return {
    path,
    counter: limit.counter ?? path,
    scope: limit.scope,
    max: limit.max,
    windowMs: seconds * 1000,
    onExceed: limit.on_exceed,
  };
}

/** The first name of the `hide` list that covers a tool, if any. */
export function hiddenBy(policy: CompiledPolicy, tool: string): HiddenName | undefined {
  return policy.hide.find((h) => (h.glob ? globMatches(h.glob, tool) : h.name === tool));
}

/** Entries naming a tool in one scope: the exact name first, then matching globs, most specific first. */
export function* entriesFor(scope: CompiledScope, tool: string): Generator<CompiledEntry> {
  const exact = scope.exact.get(tool);
  if (exact) yield exact;
  let points: number[] | undefined;
  for (const { glob, entry } of scope.globs) {
    if (!tool.startsWith(glob.prefix)) continue;
    points ??= codePoints(tool);
    if (globMatches(glob, tool, points)) yield entry;
  }
}
