import { RE2JS } from 're2js';
import { MAX_REGEX_MEMORY, MAX_REGEX_PROGRAM, MAX_REGEX_STATES, MAX_REGEX_WORK } from './caps';

/**
 * Regular expressions for the `regex` test run on RE2 (re2js, a pure JavaScript port: no native
 * build to redo for Electron, no WebAssembly to load). The dialect is RE2's: no lookaround, no
 * backreferences; `(?i)` and the other inline flags work.
 *
 * Linear time is not yet fast enough: RE2's lazy DFA builds a state the first time the text leads
 * to it, and a pattern like `a[ab]{120}c` has more states than any text is long, so crafted text
 * builds one costly state per character (tens of milliseconds for 4 KB, measured). So each pattern's
 * whole DFA is built when the policy is compiled, and a pattern whose DFA is too large is refused
 * at import. A test then only follows built states: one table lookup per character.
 */
export type CompiledRegex = { ok: true; test(text: string): boolean } | { ok: false; problem: string };

/** Compiled once per pattern: a policy's validation and its compilation share the work (and the DFA). */
const cache = new Map<string, CompiledRegex>();
const CACHE_SIZE = 512;

export function compileRegex(pattern: string): CompiledRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = build(pattern);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(pattern, compiled);
  }
  return compiled;
}

function build(pattern: string): CompiledRegex {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    const detail =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return {
      ok: false,
      problem: `Not a valid regular expression (RE2 syntax: no lookaround, no backreferences): ${detail}.`,
    };
  }
  const size = compiled.programSize();
  if (size > MAX_REGEX_PROGRAM) {
    return {
      ok: false,
      problem:
        `This pattern compiles to ${size} steps; at most ${MAX_REGEX_PROGRAM} keep every decision fast. ` +
        'Counted repetitions such as {1,99} multiply its size: use + or * where you can.',
    };
  }
  const problem = buildWholeDfa(compiled);
  if (problem) return { ok: false, problem };
  return { ok: true, test: (text) => compiled.test(text) };
}

/** The parts of re2js's engine this relies on (re2js is pinned to the version these were read from). */
interface Engine {
  prefixComplete: boolean;
  onepass: unknown;
  prog: { start: number };
  dfa: Dfa;
}
interface Dfa {
  numClasses: number;
  /** Bytes the engine still allows its state cache (it starts at 8 MiB). */
  memBudget: number;
  classBounds: Int32Array;
  makeState(pcs: number[], flag: number, ids: number[]): object | null;
  step(state: object, cls: number, rune: number, anchor: number): object | null;
}

// re2js constants: a search from the start of the text, unanchored, and the end-of-text step.
const BEGIN_TEXT_AND_LINE = 4 | 1;
const UNANCHORED = 0;
const END_TEXT = -1;

/**
 * Build every DFA state an unanchored search from the start of a text can reach, for every class
 * of characters and the end of text, or say why not. Patterns the engine matches without its DFA
 * (a literal, or one-pass) need nothing built.
 */
function buildWholeDfa(compiled: RE2JS): string | undefined {
  const engine = (compiled as unknown as { re2Input?: Engine }).re2Input;
  if (!engine?.prog || typeof engine.dfa?.step !== 'function') {
    return 'The regular expression engine is not the version Portcullis was built with, so its speed cannot be bounded.';
  }
  if (engine.prefixComplete || engine.onepass !== null) return undefined;
  const { dfa } = engine;
  const budget = dfa.memBudget;
  const start = dfa.makeState([engine.prog.start], BEGIN_TEXT_AND_LINE, []);
  const tooBig =
    `This pattern needs more than ${MAX_REGEX_STATES} matching states (a repetition of a class that ` +
    'also holds what comes before it, such as a[ab]{20}c, doubles them with each step); ' +
    'simplify it, or anchor it with ^.';
  if (!start) return tooBig;
  const representative = [0, ...dfa.classBounds];
  const seen = new Set<object>([start]);
  const queue = [start];
  let work = 0;
  for (let q = 0; q < queue.length; q++) {
    for (let cls = 0; cls <= dfa.numClasses; cls++) {
      if (++work > MAX_REGEX_WORK) return tooBig;
      const rune = cls === dfa.numClasses ? END_TEXT : representative[cls]!;
      const next = dfa.step(queue[q]!, cls, rune, UNANCHORED);
      if (!next) return tooBig;
      if (!seen.has(next)) {
        if (seen.size === MAX_REGEX_STATES) return tooBig;
        seen.add(next);
        queue.push(next);
      }
    }
  }
  const bytes = budget - dfa.memBudget;
  if (bytes > MAX_REGEX_MEMORY) {
    return `This pattern's matching states take ${(bytes / 1048576).toFixed(1)} MiB; at most ${MAX_REGEX_MEMORY / 1048576} MiB each. Simplify it.`;
  }
  return undefined;
}
