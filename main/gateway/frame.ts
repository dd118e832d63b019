import { isUtf8 } from 'node:buffer';
import type { JsonRpcId, JsonRpcMessage } from './jsonrpc';

/** Deepest nesting of objects and arrays a message may have: beyond it, recursion anywhere is a risk. */
export const MAX_NESTING = 64;

export type ReadResult =
  { ok: true; message: JsonRpcMessage | JsonRpcMessage[] } | { ok: false; problem: string; parse: boolean };

/**
 * Read one message strictly, so that what Portcullis examines is the only thing a server can read
 * into it, however lenient the server's parser: valid UTF-8, valid JSON, an object or a batch of
 * objects, no key written twice in any object (parsers disagree on which copy wins), and no deeper
 * than MAX_NESTING. `framed` is the message's bytes as they arrived (they are forwarded as they are).
 */
export function readMessage(line: string, framed?: Buffer): ReadResult {
  if (framed && !isUtf8(framed)) {
    return { ok: false, parse: true, problem: 'the message is not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, parse: true, problem: 'the message is not valid JSON' };
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!(isObject(value) || (Array.isArray(value) && value.every(isObject)))) {
    return { ok: false, parse: false, problem: 'a message must be a JSON-RPC object or a batch of them' };
  }
  const problem = structureProblem(line);
  if (problem) return { ok: false, parse: false, problem };
  return { ok: true, message: value as JsonRpcMessage | JsonRpcMessage[] };
}

/**
 * Duplicate keys and nesting depth, in one pass over text that is already known to be valid JSON.
 * Strings are skipped with indexOf, so long values cost little; the pass never recurses.
 */
export function structureProblem(text: string, maxDepth = MAX_NESTING): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i + 1);
      if (end === -1) return undefined; // cannot happen for valid JSON
      const keys = open.at(-1);
      if (keys && nextSignificant(text, end + 1) === COLON) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (keys.has(key)) return `the key "${printable(key)}" appears twice in one object`;
        keys.add(key);
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      open.push(c === OPEN_BRACE ? new Set() : null);
      if (open.length > maxDepth) return `the message is nested deeper than ${maxDepth} levels`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open.pop();
    }
    i++;
  }
  return undefined;
}

/** Index of the quote that ends a string whose content starts at `from`. */
function closingQuote(text: string, from: number): number {
  let at = from;
  for (;;) {
    const q = text.indexOf('"', at);
    if (q === -1) return -1;
    let backslashes = 0;
    for (let k = q - 1; k >= from && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    at = q + 1;
  }
}

function nextSignificant(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return c;
  }
  return -1;
}

/** A key as an error message may quote it: short, and with nothing invisible. */
function printable(key: string): string {
  const short = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return JSON.stringify(short).slice(1, -1);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The top-level `id` and `method` of a message, read from its first bytes only (the rest may be cut
 * off): how an oversized message can still be answered with its own id. A key written twice, or a
 * value that does not fit in the head, is not trusted.
 */
export function peekEnvelope(head: string): { id?: JsonRpcId; method?: string } {
  const found: { id?: JsonRpcId; method?: string } = {};
  const seen = new Set<string>();
  let depth = 0;
  let i = 0;
  const n = head.length;
  while (i < n) {
    const c = head.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(head, i + 1);
      if (end === -1) break;
      if (depth === 1 && nextSignificant(head, end + 1) === COLON) {
        const key = decodeString(head.slice(i, end + 1));
        const valueAt = head.indexOf(':', end + 1) + 1;
        if (key === 'id' || key === 'method') {
          if (seen.has(key)) return {};
          seen.add(key);
          const value = leadingScalar(head, valueAt);
          if (key === 'id' && (typeof value === 'string' || typeof value === 'number')) found.id = value;
          if (key === 'method' && typeof value === 'string') found.method = value;
        }
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    i++;
  }
  return found;
}

/** A string or number value that starts at `from` and ends inside the text. */
function leadingScalar(text: string, from: number): unknown {
  let i = from;
  while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  if (text.charCodeAt(i) === QUOTE) {
    const end = closingQuote(text, i + 1);
    return end === -1 ? undefined : decodeString(text.slice(i, end + 1));
  }
  const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[\s,}\]])/.exec(text.slice(i, i + 40));
  return match ? Number(match[0]) : undefined;
}

function decodeString(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}

/**
 * Characters some line readers end a line at besides \n: a lone \r (Node's readline, Python's
 * universal newlines) and U+0085, U+2028, U+2029 (str.splitlines). Inside one valid JSON message a
 * raw \r can only be whitespace between tokens, and the others only sit raw inside strings, so a
 * server splitting there could read the tail as a message of its own — a tools/call nobody decided.
 */
const LINE_BREAKERS = /[\r\u0085\u2028\u2029]/;

/**
 * A valid JSON message as it may be written to a server: unchanged (with its framed bytes) unless
 * it holds a character a line reader could split at; then the same JSON value without any (\r
 * becomes a space, the others their \u escapes).
 */
export function lineSafe(line: string, framed?: Buffer): [string, Buffer | undefined] {
  if (!LINE_BREAKERS.test(line)) return [line, framed];
  const safe = line.replace(/[\r\u0085\u2028\u2029]/g, (c) =>
    c === '\r' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return [safe, undefined];
}
