import type { Conditions, Matcher } from '../../shared/policy';
import { ExaminationBudget } from './caps';
import { compileGlob, globMatches } from './glob';
import { canonicalPaths, isWithin, type PathEnv, type Place, type Resolution, type Unknown } from './paths';
import { compileRegex } from './regex';
import type { PathSystem } from './system';

/**
 * A condition is true, false, or unknown (a path that cannot be resolved with certainty), in
 * Kleene's logic: `not` keeps unknown; all-of is false if any part is false, else unknown if any is.
 * What each use makes of unknown is in evaluate.ts.
 */
export type Truth = boolean | Unknown;

/** What the conditions of one decision share: the call's place, its budget, the paths resolved so far. */
export class ConditionContext {
  readonly budget = new ExaminationBudget();
  /** Made on the first path looked at: most calls have none, and this runs on every call. */
  private env: PathEnv | undefined;
  private resolved: Map<string, Resolution> | undefined;

  constructor(
    readonly place: Place | undefined,
    readonly system: PathSystem,
  ) {}

  paths(text: string): Resolution {
    this.env ??= { files: this.system.files, platform: this.system.platform, seen: new Map() };
    this.resolved ??= new Map();
    let resolution = this.resolved.get(text);
    if (!resolution) {
      resolution = canonicalPaths(text, this.place, this.env);
      this.resolved.set(text, resolution);
    }
    return resolution;
  }
}

export type Predicate = (args: Record<string, unknown>, context: ConditionContext) => Truth;
type ValueTest = (value: unknown, context: ConditionContext, argument: string) => Truth;

/** All conditions must hold. Each names an argument by path: `path`, `options.mode`, `files.0`. */
export function compileConditions(conditions: Conditions, system: PathSystem): Predicate {
  const tests = Object.entries(conditions).map(([path, matcher]) => {
    const steps = path.split('.');
    const test = compileMatcher(matcher, system);
    return (args: Record<string, unknown>, context: ConditionContext) =>
      test(lookup(args, steps), context, path);
  });
  return (args, context) => allOf(tests, (t) => t(args, context));
}

function allOf<T>(parts: T[], run: (part: T) => Truth): Truth {
  let unknown: Unknown | undefined;
  for (const part of parts) {
    const truth = run(part);
    if (truth === false) return false;
    if (truth !== true) unknown ??= truth;
  }
  return unknown ?? true;
}

function lookup(value: unknown, steps: string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** A missing argument fails every test except `exists: false` (and `not` of a test it fails). */
function compileMatcher(matcher: Matcher, system: PathSystem): ValueTest {
  if (matcher === null || typeof matcher !== 'object') return (v) => v !== undefined && sameValue(v, matcher);
  const tests: ValueTest[] = [];
  if ('equals' in matcher) tests.push((v) => v !== undefined && sameValue(v, matcher.equals));
  if (matcher.in !== undefined) {
    const options = matcher.in;
    tests.push((v) => v !== undefined && options.some((o) => sameValue(v, o)));
  }
  if (matcher.prefix !== undefined) {
    const prefix = matcher.prefix;
    tests.push((v) => typeof v === 'string' && v.startsWith(prefix));
  }
  if (matcher.path_prefix !== undefined) tests.push(pathTest(matcher.path_prefix, system));
  if (matcher.glob !== undefined) {
    const glob = compileGlob(matcher.glob);
    tests.push((v, context, argument) => {
      if (typeof v !== 'string') return false;
      context.budget.charge(argument, v.length);
      return globMatches(glob, v);
    });
  }
  if (matcher.regex !== undefined) {
    const regex = compileRegex(matcher.regex);
    // Documents are validated before they are compiled (parse.ts); this is a programming error.
    if (!regex.ok) throw new Error(regex.problem);
    tests.push((v, context, argument) => {
      if (typeof v !== 'string') return false;
      context.budget.charge(argument, v.length);
      return regex.test(v);
    });
  }
  for (const [op, compare] of [
    ['gt', (a: number, b: number) => a > b],
    ['gte', (a: number, b: number) => a >= b],
    ['lt', (a: number, b: number) => a < b],
    ['lte', (a: number, b: number) => a <= b],
  ] as const) {
    const bound = matcher[op];
    if (bound !== undefined) tests.push((v) => typeof v === 'number' && compare(v, bound));
  }
  if (matcher.exists !== undefined) {
    const want = matcher.exists;
    tests.push((v) => (v !== undefined) === want);
  }
  if (matcher.not !== undefined) {
    const inner = compileMatcher(matcher.not, system);
    tests.push((v, context, argument) => {
      const truth = inner(v, context, argument);
      return typeof truth === 'boolean' ? !truth : truth;
    });
  }
  return (v, context, argument) => allOf(tests, (t) => t(v, context, argument));
}

/**
 * `path_prefix`: every file the argument may name is inside the folder (true), none is (false), or
 * some are and some are not (unknown). The policy's folder is canonicalised once, when the policy
 * is compiled; against a remote server, only its lexical form means anything.
 */
function pathTest(folder: string, system: PathSystem): ValueTest {
  const env = (): PathEnv => ({ files: system.files, platform: system.platform, seen: new Map() });
  const home = { cwd: undefined, roots: [], allowed: [], home: system.home };
  const local = canonicalPaths(folder, home, env(), { preferDisk: true });
  const remote = canonicalPaths(folder, { ...home, remote: true }, env());
  return (v, context, argument) => {
    if (typeof v !== 'string') return false;
    context.budget.charge(argument, v.length);
    const folders = context.place?.remote ? remote : local;
    if ('unknown' in folders) return { unknown: `the policy's folder "${folder}" ${folders.unknown}` };
    const candidates = context.paths(v);
    if ('unknown' in candidates) return { unknown: `"${argument}" ${candidates.unknown}` };
    let inside: string | undefined;
    let outside: string | undefined;
    for (const candidate of candidates.paths) {
      for (const f of folders.paths) {
        const truth = isWithin(candidate, f, system.platform);
        if (truth === true) inside ??= candidate;
        else if (truth === false) outside ??= candidate;
        else return { unknown: `"${argument}" ${truth.unknown}` };
      }
    }
    if (inside !== undefined && outside !== undefined) {
      return {
        unknown: `"${argument}" may name ${inside} or ${outside}, depending on how the server reads it`,
      };
    }
    return outside === undefined;
  };
}

/** Structural equality for JSON values. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
