/**
 * A detector finds one kind of secret in text. Its `source` is a regular expression whose named
 * groups `secret`, `secret2`, … mark the parts to replace; the rest of the match (a key name, a
 * scheme, `user:` in a URL) stays readable. Without such groups the whole match is the secret.
 *
 * Linear time on hostile input: a pattern may only start behind a guard (a lookbehind refusing to
 * start inside a run of the characters it consumes) or at a literal its body cannot contain, and
 * every run is bounded or, like a private key's body, always ends in a match; so no character is
 * scanned by more than a few attempts. bench/redact.ts times each detector on 1 MiB adversarial
 * strings built from its own matches.
 */
export interface Detector {
  kind: string;
  source: string;
  /**
   * The pattern only starts where a token may start, outside a run of `[A-Za-z0-9_-]`. Such
   * detectors are scanned as one alternation behind one shared guard: V8 then skips through the
   * inside of every word at once, which measured ten times faster than scanning them one by one.
   */
  tokenStart?: boolean;
  /** A last look at a candidate; false leaves it as it is. */
  accept?(candidate: Candidate): boolean;
}

export interface Candidate {
  groups: Record<string, string | undefined>;
  /** The first secret group's text (the whole match when there is none). */
  secret: string;
  /** The two characters after the match: what follows a value that ends it. */
  after: string;
}

/** Not inside a run of token characters: where a token may start. */
export const TOKEN_START = '(?<![A-Za-z0-9_-])';

/** A case-insensitive spelling of a literal, without the `i` flag (the other detectors need case). */
export function ci(word: string): string {
  return word.replace(/[A-Za-z]/g, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
}

/** Real tokens mix letters and digits or cases; `sk-loading-spinner` and `YOUR_TOKEN_HERE` do not. */
export function looksRandom(text: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(text)).length;
  return classes >= 2;
}
