import { posix } from 'node:path';
import type { Conditions, Matcher } from '../../shared/policy';
import { compileGlob, globMatches } from './glob';

export type Predicate = (args: Record<string, unknown>) => boolean;
type ValueTest = (value: unknown) => boolean;

/** All conditions must hold. Each names an argument by path: `path`, `options.mode`, `files.0`. */
export function compileConditions(conditions: Conditions): Predicate {
  const tests = Object.entries(conditions).map(([path, matcher]) => {
    const steps = path.split('.');
    const test = compileMatcher(matcher);
    return (args: Record<string, unknown>) => test(lookup(args, steps));
  });
  return (args) => tests.every((t) => t(args));
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
export function compileMatcher(matcher: Matcher): ValueTest {
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
  if (matcher.path_prefix !== undefined) {
    const base = withTrailingSlash(posix.normalize(matcher.path_prefix));
    tests.push((v) => {
      if (typeof v !== 'string' || v.includes('\u0000')) return false;
      const normal = posix.normalize(v);
      return withTrailingSlash(normal) === base || normal.startsWith(base);
    });
  }
  if (matcher.glob !== undefined) {
    const glob = compileGlob(matcher.glob);
    tests.push((v) => typeof v === 'string' && globMatches(glob, v));
  }
  if (matcher.regex !== undefined) {
    const regex = new RegExp(matcher.regex);
    tests.push((v) => typeof v === 'string' && regex.test(v));
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
    const inner = compileMatcher(matcher.not);
    tests.push((v) => !inner(v));
  }
  return (v) => tests.every((t) => t(v));
}

function withTrailingSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
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
