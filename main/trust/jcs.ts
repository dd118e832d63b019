/**
 * RFC 8785 JSON Canonicalization Scheme: one exact text for a JSON value, so that two definitions
 * that differ only in key order or whitespace hash the same.
 *
 * - Object keys are sorted by their UTF-16 code units (JavaScript's default string order), at every
 *   depth; arrays keep their order.
 * - Numbers are written as ECMAScript writes them (`Number.prototype.toString`, which
 *   `JSON.stringify` uses): `1e+30`, `4.5`, `0.002`, `1e-27`; `-0` is `0`. NaN and Infinity are not
 *   JSON and are refused.
 * - Strings are written as `JSON.stringify` writes them: `"`, `\` and C0 controls escaped (`\n`,
 *   `\u000f`, lower-case hex), everything else as itself.
 *
 * One deliberate difference: RFC 8785 expects I-JSON input and so rejects lone surrogates. A tool
 * definition comes from a hostile server and must still get a stable pin, so a lone surrogate is
 * written as its `\udXXX` escape (what `JSON.stringify` does) instead: still one text per value,
 * and the scanner reports the character.
 */
export function canonicalize(value: unknown): string {
  return write(value, 0, undefined);
}

/** The canonical form indented for people (same order, same escapes; only whitespace added). */
export function prettyCanonical(value: unknown): string {
  return write(value, 0, '  ');
}

/** Past this depth a value is refused: a definition this deep is an attack on the hasher, not a tool. */
export const MAX_DEPTH = 128;

export class CanonicalizationError extends Error {}

function write(value: unknown, depth: number, indent: string | undefined): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${value} is not a JSON number`);
      // JSON.stringify writes -0 as 0 and every other number as Number.prototype.toString does.
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalizationError(`a ${typeof value} is not a JSON value`);
  }
  if (depth >= MAX_DEPTH) throw new CanonicalizationError(`nested deeper than ${MAX_DEPTH} levels`);
  const items = Array.isArray(value)
    ? value.map((item) => write(item, depth + 1, indent))
    : Object.keys(value as Record<string, unknown>)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => {
          const item = write((value as Record<string, unknown>)[key], depth + 1, indent);
          return `${JSON.stringify(key)}:${indent === undefined ? '' : ' '}${item}`;
        });
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (indent === undefined || items.length === 0) return `${open}${items.join(',')}${close}`;
  const inner = `\n${indent.repeat(depth + 1)}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${indent.repeat(depth)}${close}`;
}
