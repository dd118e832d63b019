/**
 * Tool-name globs: `*` matches any run of characters (including none), `?` exactly one; everything
 * else is literal. A glob compiles to an anchored regular expression plus its literal prefix,
 * which is checked first because most names fail there cheaply.
 */
export interface Glob {
  pattern: string;
  prefix: string;
  regex: RegExp;
  /** Literal characters: more of them is more specific. */
  literals: number;
  wildcards: number;
}

export function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

export function compileGlob(pattern: string): Glob {
  let source = '';
  let literals = 0;
  let wildcards = 0;
  for (const char of pattern) {
    if (char === '*') {
      source += '.*';
      wildcards++;
    } else if (char === '?') {
      source += '.';
      wildcards++;
    } else {
      source += char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
      literals++;
    }
  }
  const firstWildcard = pattern.search(/[*?]/);
  return {
    pattern,
    prefix: firstWildcard === -1 ? pattern : pattern.slice(0, firstWildcard),
    regex: new RegExp(`^${source}$`, 's'),
    literals,
    wildcards,
  };
}

export function globMatches(glob: Glob, text: string): boolean {
  return text.startsWith(glob.prefix) && glob.regex.test(text);
}

/**
 * The documented tie-break between globs that match the same name: more literal characters wins,
 * then fewer wildcards, then the pattern that sorts first. Never the order keys were written in.
 */
export function bySpecificity(a: Glob, b: Glob): number {
  return (
    b.literals - a.literals ||
    a.wildcards - b.wildcards ||
    (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0)
  );
}
