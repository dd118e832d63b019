import {
  WINDOW_SECONDS,
  type DefaultAction,
  type Limit,
  type LimitScope,
  type PolicyDocument,
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

export interface CompiledScope {
  /** `''` for the top level, `servers.github`, `clients.cursor`, `clients.cursor.servers.github`. */
  path: string;
  exact: Map<string, CompiledEntry>;
  /** Most specific first (see `bySpecificity`). */
  globs: { glob: Glob; entry: CompiledEntry }[];
  default: { action: DefaultAction; reason: string | undefined } | undefined;
  allToolsLimits: CompiledLimit[];
}

export interface CompiledPolicy {
  document: PolicyDocument;
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
  const compileScope = (path: string, scope: ServerScope & { default?: DefaultAction }) =>
    scopeOf(path, scope, system);
  const top = compileScope('', document);
  const servers = new Map(
    Object.entries(document.servers ?? {}).map(([s, scope]) => [s, compileScope(`servers.${s}`, scope)]),
  );
  const clients = new Map(
    Object.entries(document.clients ?? {}).map(([c, scope]) => [
      c,
      {
        scope: compileScope(`clients.${c}`, scope),
        servers: new Map(
          Object.entries(scope.servers ?? {}).map(([s, inner]) => [
            s,
            compileScope(`clients.${c}.servers.${s}`, inner),
          ]),
        ),
      },
    ]),
  );
  const cache = new Map<string, CompiledScope[]>();
  return {
    document,
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
  scope: ServerScope & { default?: DefaultAction },
  system: PathSystem,
): CompiledScope {
  const exact = new Map<string, CompiledEntry>();
  const globs: CompiledScope['globs'] = [];
  for (const [name, entry] of Object.entries(scope.tools ?? {})) {
    const entryPath = `${path ? `${path}.` : ''}tools.${name}`;
    const compiled = { rules: compileEntry(entryPath, entry, system) };
    if (isGlob(name)) globs.push({ glob: compileGlob(name), entry: compiled });
    else exact.set(name, compiled);
  }
  globs.sort((a, b) => bySpecificity(a.glob, b.glob));
  const prefix = path ? `${path}.` : '';
  return {
    path,
    exact,
    globs,
    default: scope.default === undefined ? undefined : { action: scope.default, reason: scope.reason },
    allToolsLimits: (scope.all_tools?.limits ?? []).map((l, i) =>
      compileLimit(`${prefix}all_tools.limits[${i}]`, l),
    ),
  };
}

function compileEntry(path: string, entry: ToolEntry, system: PathSystem): CompiledRule[] {
  const rules = Array.isArray(entry) ? entry : [entry];
  return rules.map((rule, i) => {
    const rulePath = Array.isArray(entry) ? `${path}[${i}]` : path;
    return {
      path: rulePath,
      source: rule,
      action: rule.action ?? 'allow',
      reason: rule.reason,
      when: rule.when && compileConditions(rule.when, system),
      require: rule.require && compileConditions(rule.require, system),
      denyIf: rule.deny_if && compileConditions(rule.deny_if, system),
      limits: (rule.limits ?? []).map((l, j) => compileLimit(`${rulePath}.limits[${j}]`, l)),
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
