/**
 * The bounds that keep one decision small whatever a call or a policy holds (docs/policy.md,
 * "Bounds"). Each is chosen so that the worst case `npm run bench` can construct stays under a
 * millisecond; above one, the call is refused with a reason that names the bound.
 */

/** The MCP spec suggests tool names of at most 128 characters; twice that is generous. */
export const MAX_TOOL_NAME_CHARS = 256;
/** How deep a call's arguments may nest (objects and arrays). */
export const MAX_ARGUMENT_DEPTH = 64;
/** The longest value a `regex`, `glob` or `path_prefix` test examines. */
export const MAX_EXAMINED_CHARS = 4096;
/**
 * What the `regex` and `glob` tests of one decision examine in all: the first value at the cap and a
 * few short ones fit, a policy that would scan the same long value again and again does not.
 */
export const MAX_EXAMINED_CHARS_PER_CALL = 4 * MAX_EXAMINED_CHARS;
/**
 * The size of a compiled pattern. Counted repetitions (`x{1,99}`) multiply it; it bounds the work of
 * building the pattern's matching states when the policy is compiled.
 */
export const MAX_REGEX_PROGRAM = 256;
/**
 * Matching states (RE2's DFA) one pattern may have. All of them are built when the policy is
 * compiled, so a call never pays for building one; realistic patterns need tens to a few thousand
 * (`AKIA[0-9A-Z]{16}`, unanchored: 3,619).
 */
export const MAX_REGEX_STATES = 4096;
/** State transitions computed to build them (states × character classes), which bounds compile time. */
export const MAX_REGEX_WORK = 256 * 1024;
/** Memory those states keep for as long as the policy is active (`AKIA[0-9A-Z]{16}`: 1.2 MiB). */
export const MAX_REGEX_MEMORY = 2 * 1024 * 1024;
/** Path components looked at for one value, counting the ones a symlink's target adds. */
export const MAX_PATH_COMPONENTS = 256;
/** Symlinks followed for one path (Linux gives up after 40 as well). */
export const MAX_SYMLINK_HOPS = 40;
/**
 * File-system calls (lstat, readlink, a folder read) one decision may make for all its paths; what
 * one path looked up, the others reuse. About a microsecond each on a local disk.
 */
export const MAX_PATH_LOOKUPS_PER_CALL = 512;
/** Directory entries read when looking for a name that differs only in Unicode normalisation. */
export const MAX_DIRECTORY_SCAN = 1024;
/** Different files one path argument may mean (bases × readings) before it counts as unknown. */
export const MAX_PATH_CANDIDATES = 32;

/** Why a tool name is refused before anything else looks at it, or undefined when it is fine. */
export function checkToolName(name: string): string | undefined {
  if (name.length === 0) return 'the tool name is empty';
  if (name.length > MAX_TOOL_NAME_CHARS) {
    return `the tool name is ${name.length} characters; Portcullis accepts at most ${MAX_TOOL_NAME_CHARS}`;
  }
  // A name with control, format (bidi, zero-width, tag) or lone-surrogate characters, or one not in
  // Unicode NFC, could be read by a server as another name than the one the policy matched, or
  // shown to the person as something it is not.
  const hidden = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u.exec(name);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `the tool name contains an invisible or control character (U+${code})`;
  }
  if (name.normalize('NFC') !== name) return 'the tool name is not in Unicode normal form C';
  return undefined;
}

/** Why a call's arguments are refused (too deeply nested), or undefined. Stops as soon as it knows. */
export function checkArgumentDepth(args: unknown): string | undefined {
  const stack: { value: unknown; depth: number }[] = [{ value: args, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_ARGUMENT_DEPTH) {
      return `the arguments nest more than ${MAX_ARGUMENT_DEPTH} levels deep; Portcullis examines at most ${MAX_ARGUMENT_DEPTH}`;
    }
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A condition met a bound: the call is refused with this reason rather than decided by a guess. */
export class BoundExceeded extends Error {}

/** Counts what the text tests of one decision examine, against MAX_EXAMINED_CHARS_PER_CALL. */
export class ExaminationBudget {
  private used = 0;

  /** Charge a value's length to the budget, or refuse it: too long on its own, or one too many. */
  charge(argument: string, length: number): void {
    if (length > MAX_EXAMINED_CHARS) {
      throw new BoundExceeded(
        `the argument "${argument}" is ${length} characters; conditions examine at most ${MAX_EXAMINED_CHARS}`,
      );
    }
    this.used += length;
    if (this.used > MAX_EXAMINED_CHARS_PER_CALL) {
      throw new BoundExceeded(
        `the policy's conditions would examine more than ${MAX_EXAMINED_CHARS_PER_CALL} characters of this call's arguments (at "${argument}")`,
      );
    }
  }
}
