import { RE2JS } from 're2js';
import { MAX_REGEX_PROGRAM } from './caps';

/**
 * Regular expressions for the `regex` test run on RE2 (re2js, a pure JavaScript port: no native
 * build to redo for Electron, no WebAssembly to load): matching takes time linear in the text, so no
 * pattern and no argument can make a decision backtrack for seconds. The dialect is RE2's: no
 * lookaround, no backreferences; `(?i)` and the other inline flags work.
 */
export type CompiledRegex = { ok: true; test(text: string): boolean } | { ok: false; problem: string };

export function compileRegex(pattern: string): CompiledRegex {
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
  return { ok: true, test: (text) => compiled.test(text) };
}
