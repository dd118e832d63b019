/**
 * Splitting tool names and descriptions into the words risk classification reads. Everything
 * here is bounded: a server chooses these strings, and classification runs on every tools/list.
 */

const MAX_NAME = 500;
const MAX_PROSE = 2000;
/** How much of a description's first sentence is read as "what the tool does". */
const MAX_LEAD = 400;

/** A word of prose, or a parenthesis. */
export interface Token {
  text: string;
  /** What stood before it: nothing (the start), a word, or the punctuation that broke the text. */
  after: '' | 'word' | ',' | '/' | ':' | '(' | ')';
}

/**
 * `delete_file`, `deleteFile`, `files.delete`, `mcp__fs__delete-file`, `API-post-search`,
 * `ERC20ActionProvider_transfer`, `getHTTPStatus` → lowercase words; digits stay with the
 * letters they follow (`erc20`, `s3`), because they name things.
 */
export function nameWords(name: string): string[] {
  return splitWords(name.slice(0, MAX_NAME));
}

export function splitWords(text: string): string[] {
  return (text.match(/\p{Lu}+\d*(?!\p{Ll})|\p{Lu}?\p{Ll}+\d*|\d+/gu) ?? [])
    .filter((w) => !/^\d+$/.test(w))
    .map((w) => w.toLowerCase());
}

/**
 * The first sentence of a description, which says what the tool does; the rest is usually
 * advice to the model ("Call get_price first", "Use delete_x instead") and is not read for verbs.
 * A product prefix (`Acme | Update a record`) is dropped.
 */
export function leadSentence(description: string): string {
  let text = description.slice(0, MAX_PROSE).trimStart();
  const bar = text.slice(0, 40).indexOf('|');
  if (bar !== -1) text = text.slice(bar + 1).trimStart();
  const end = text.search(/[.!?](?=\s|$)|\n\s*\n|\n\s*[-*#]/);
  return (end === -1 ? text : text.slice(0, end)).slice(0, MAX_LEAD);
}

/**
 * Prose → tokens, each with what broke the text before it. Identifiers (`update_issue`, anything
 * in backticks) are left out: they name other tools, not what this one does. Prose words are not
 * split further: "PostgreSQL" and "JavaScript" are names, not "sql" and "script".
 */
export function proseTokens(text: string): Token[] {
  const cleaned = text
    .slice(0, MAX_PROSE)
    .replace(/`[^`]*`/g, ' , ')
    .replace(/\S*_\S*/g, ' ');
  const tokens: Token[] = [];
  let after: Token['after'] = '';
  for (const piece of cleaned.match(/[\p{L}\p{N}']+|[,;:()[\]/|—–]|\s-\s/gu) ?? []) {
    if (!/[\p{L}\p{N}]/u.test(piece)) {
      after = piece === ',' || piece === '/' || piece === '(' || piece === ')' ? piece : ':';
      // Parentheses are kept: what stands in them is an aside (risk-evidence.ts).
      if (piece === '(' || piece === ')') tokens.push({ text: piece, after: ':' });
      continue;
    }
    // "doesn't" → "doesn", "t": the "t" is a negation (risk-lexicon NEGATIONS).
    for (const part of piece.split("'")) {
      for (const word of part.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        if (/^\d+$/.test(word)) continue;
        tokens.push({ text: word, after });
        after = 'word';
      }
    }
  }
  return tokens;
}

/** How a word was written: its base form, or an inflection of one. */
export type Form = 'base' | 'third' | 'past' | 'gerund';

/**
 * The word itself, then the base forms it could come from. Short words are only taken as they
 * are, so `sh` is not found in `push` nor `rm` in `form`.
 */
export function baseForms(token: string): readonly (readonly [form: string, how: Form])[] {
  let found = FORMS.get(token);
  if (!found) {
    // Bounded, because the words come from servers.
    if (FORMS.size >= 10_000) FORMS.clear();
    found = formsOf(token);
    FORMS.set(token, found);
  }
  return found;
}

const FORMS = new Map<string, readonly (readonly [string, Form])[]>();

function formsOf(token: string): [string, Form][] {
  const result: [string, Form][] = [[token, 'base']];
  const irregular = IRREGULAR.get(token);
  if (irregular) result.push([irregular, 'past']);
  if (token.length < 4) return result;
  if (token.endsWith('ies')) result.push([`${token.slice(0, -3)}y`, 'third']);
  if (token.endsWith('es')) result.push([token.slice(0, -2), 'third']);
  if (token.endsWith('s') && !token.endsWith('ss')) result.push([token.slice(0, -1), 'third']);
  for (const [suffix, how] of [
    ['ing', 'gerund'],
    ['ed', 'past'],
  ] as const) {
    if (!token.endsWith(suffix)) continue;
    const base = token.slice(0, -suffix.length);
    if (base.length < 2) continue;
    result.push([base, how], [`${base}e`, how]);
    if (base.at(-1) === base.at(-2)) result.push([base.slice(0, -1), how]);
    if (base.endsWith('i')) result.push([`${base.slice(0, -1)}y`, how]);
  }
  return result;
}

const IRREGULAR = new Map<string, string>(
  Object.entries({
    ran: 'run',
    paid: 'pay',
    bought: 'buy',
    sold: 'sell',
    sent: 'send',
    wrote: 'write',
    written: 'write',
    found: 'find',
    got: 'get',
    gotten: 'get',
    shown: 'show',
    made: 'make',
    built: 'build',
    lent: 'lend',
  }),
);
