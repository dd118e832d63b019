import type { ToolCategory } from '../../shared/tools';
import { bases, isRiskier, set, toItems, type Item } from './risk-items';
import {
  CONJUNCTIONS,
  CONTROL_VERBS,
  LIST_ENDS,
  OBJECT_RAISES,
  PREAMBLE,
  QUERY_LANGUAGES,
  READ_ONLY_LANGUAGES,
  READ_RUNS,
  REACHING,
  SECRETS,
  STARTED_CODE,
  STARTING_VERBS,
} from './risk-lexicon';
import { baseForms, type Token } from './risk-words';

/**
 * What a name, a title or a description's first sentence says a tool does (its verb, and what
 * the verb acts on), and whether it touches secrets or the internet.
 */

/** What one text (a name, a title, a description's first sentence) says the tool does. */
export interface Evidence {
  category: ToolCategory;
  /** The word that decided, as written. */
  word: string;
  /** It is the first word of its text, so the reason can say "starts with". */
  first: boolean;
  /** The word is a verb; a name with no verb goes by its riskiest noun. */
  verb: boolean;
  /** What the verb acts on, when that changed the category (`create_refund`). */
  object?: string;
  /** The verb's plain form ("gets" → "get"), to match a title's verb with a name's. */
  base?: string;
}

const RAISING = Object.entries(OBJECT_RAISES).map(([category, raise]) => ({
  category: category as ToolCategory,
  verbs: raise.verbs,
  words: new Set(raise.words.split(' ')),
}));
const STARTED = set(STARTED_CODE);
const STARTING = set(STARTING_VERBS);
const READ_RUN = set(READ_RUNS);
const LANGUAGES = set(QUERY_LANGUAGES);
const READ_LANGUAGES = set(READ_ONLY_LANGUAGES);
const SECRET_WORDS = set(SECRETS.words);
const REACHING_VERBS = set(REACHING.verbs);
const REACHED_THINGS = set(REACHING.things);
/** Preamble words after which a verb's -ing form is what the tool does ("allows depositing"). */
const GERUND_LEADS = set('allows allow enables enable supports support lets for helps help');
/** Words that start a noun phrase: an -ing form after one describes a thing ("a billing period"). */
const DETERMINERS = set('a an the this that these those each every any some its their your our his her my');

/**
 * A tool name: the verb is usually first (`delete_file`) but follows a namespace or the thing
 * acted on in names like `files.delete`, `reactions_add`, `d1_database_delete`. Names say what
 * to do in the plain form, so an inflected word is a noun (`conversations_replies`,
 * `kubectl_logs`, `invoicing`), unless it comes first with no plain verb after it (`deletes_file`).
 */
export function nameEvidence(words: readonly string[], titleVerb?: string): Evidence | undefined {
  const items = toItems(words.map((text, i): Token => ({ text, after: i === 0 ? '' : 'word' })));
  // `azmcp_deploy_app_logs_get` has two verbs; its title ("Get deployed app logs") says which acts.
  const plain =
    items.find((item) => item.verb?.form === 'base' && item.verb.base === titleVerb) ??
    items.find((item) => item.verb?.form === 'base');
  const first = items[0];
  const main =
    plain ?? (first?.verb && (first.verb.form === 'third' || first.verb.form === 'past') ? first : undefined);
  if (!main) return nounEvidence(items);
  const others = items.filter((item) => item !== main);
  const doing = [
    main,
    ...items.filter((item) => item.index > main.index && item.afterConjunction && item.verb?.form === 'base'),
  ];
  return riskiestOf(
    doing.map((verb) =>
      verbEvidence(
        verb,
        others.filter((o) => o !== verb),
        items,
      ),
    ),
  );
}

/**
 * A description's first sentence: its leading verb ("Deletes a branch", "This tool will refund
 * a payment"), and the verbs it lists in the same form ("Manage a saved filter: rename, share,
 * or delete it"; "Gets a page and updates its title"). What follows "which", "including" or
 * "if", and what stands in parentheses, describes things, not what the tool does.
 */
export function leadEvidence(tokens: readonly Token[]): Evidence | undefined {
  const items = toItems(tokens);
  let start = 0;
  while (start < items.length && PREAMBLE.has(items[start]!.text) && !leadsWithVerb(items, start)) start++;
  const main = items.slice(start, start + 6).find((item) => {
    if (!item.verb || item.aside) return false;
    if (item.verb.form === 'base' || item.verb.form === 'third') return true;
    const before = items[items.indexOf(item) - 1];
    return item.verb.form === 'gerund' && before !== undefined && GERUND_LEADS.has(before.text);
  });
  const listed: Item[] = [];
  const purposes: Item[] = [];
  const form = main?.verb!.form ?? 'base';
  for (const [i, item] of items.entries()) {
    if (item.index > 24 || bases(item.text).some((b) => LIST_ENDS.has(b))) break;
    if (item === main || !item.verb || item.aside) continue;
    // "A tool for deleting files", "a route for entering or swapping": its purpose.
    if (item.verb.form === 'gerund' && purposeful(items, i)) {
      purposes.push(item);
      continue;
    }
    if (!item.clauseStart || item.verb.form !== form) continue;
    // "…, and updates on tickets": a plural noun, not a second verb, unless something follows it.
    const next = items[i + 1];
    if (form === 'third' && (next === undefined || next.stop)) continue;
    listed.push(item);
  }
  const doing = main ? [main, ...listed] : listed;
  const evidence = doing.map((verb) => verbEvidence(verb, objectsOf(items, verb), items));
  // A purpose is read only when it is risky: "fields for creating a ticket" creates nothing,
  // but a route "for swapping tokens" is worth asking about.
  for (const verb of purposes) {
    const purpose = verbEvidence(verb, objectsOf(items, verb), items);
    if (isRiskier(purpose.category, 'Write')) evidence.push(purpose);
  }
  const found = riskiestOf(evidence);
  return found && { ...found, first: found.word === items[0]?.text };
}

/**
 * An -ing form after "for", or joined by "or"/"and" to one that is ("for entering or swapping").
 * One with its own article or determiner names a thing ("for a billing period", "for the running
 * container"): it is not what the tool is for.
 */
function purposeful(items: readonly Item[], at: number): boolean {
  let joined = false;
  for (let i = at - 1; i >= Math.max(0, at - 8); i--) {
    const before = items[i]!;
    if (GERUND_LEADS.has(before.text)) return true;
    if (!joined && DETERMINERS.has(before.text)) return false;
    if (CONJUNCTIONS.has(before.text)) joined = true;
    else if (before.stop) return false;
  }
  return false;
}

/** "Allow Ip ranges" is what the tool does; "allows depositing" and "allows you to" are not. */
function leadsWithVerb(items: readonly Item[], at: number): boolean {
  const item = items[at]!;
  if (!item.verb) return false;
  const next = items[at + 1];
  return next !== undefined && !PREAMBLE.has(next.text) && next.verb?.form !== 'gerund';
}

/** The words after a verb up to the next stop: what it acts on. */
function objectsOf(items: readonly Item[], verb: Item): Item[] {
  const objects: Item[] = [];
  for (const item of items.slice(items.indexOf(verb) + 1)) {
    if (item.stop || (item.verb && item.clauseStart)) break;
    objects.push(item);
  }
  return objects;
}

/**
 * A verb's category, given what it acts on: `create_refund` pays, `start_process` runs code,
 * `run an aggregation` only reads, and a query in SQL runs the caller's SQL unless the tool says
 * it is read-only. `all` is every word of the text, for the query language.
 */
function verbEvidence(verb: Item, objects: readonly Item[], all: readonly Item[]): Evidence {
  const { category, base } = verb.verb!;
  const evidence: Evidence = { category, word: verb.text, first: verb.index === 0, verb: true, base };
  const thing = (words: Set<string>) => objects.find((o) => words.has(nounBase(o)));
  if (STARTING.has(base) || category === 'Execute') {
    const read = thing(READ_RUN);
    if (read && !thing(RAISING.find((r) => r.category === 'Execute')!.words)) {
      return { ...evidence, category: 'Read', object: read.text };
    }
  }
  if (base === 'query' || base === 'run' || base === 'execute') {
    const reading = all.find((o) => READ_LANGUAGES.has(o.text));
    if (reading) return { ...evidence, category: 'Read', object: reading.text };
    const language = all.find((o) => LANGUAGES.has(o.text));
    if (language) {
      const readOnly = all.some((o) => o.text === 'read only' || o.text === 'readonly');
      return { ...evidence, category: readOnly ? 'Read' : 'Execute', object: language.text };
    }
  }
  if (STARTING.has(base)) {
    const code = thing(STARTED);
    if (code && isRiskier('Execute', category))
      return { ...evidence, category: 'Execute', object: code.text };
  }
  for (const raise of RAISING) {
    if (!raise.verbs.includes(category) || !isRiskier(raise.category, category)) continue;
    if (raise.category === 'Execute' && CONTROL_VERBS.has(base)) continue;
    const object = thing(raise.words);
    if (object) return { ...evidence, category: raise.category, object: object.text };
  }
  if (category === 'Execute') {
    // Executing a trade or a payment is paying, not running code.
    const money = thing(RAISING.find((r) => r.category === 'Financial')!.words);
    if (money) return { ...evidence, category: 'Financial', object: money.text };
  }
  return evidence;
}

function nounBase(item: Item): string {
  return item.noun?.base ?? baseForms(item.text).find(([, form]) => form === 'base' || form === 'third')![0];
}

function nounEvidence(items: readonly Item[]): Evidence | undefined {
  return riskiestOf(
    items
      .filter((item) => item.noun)
      .map((item) => ({
        category: item.noun!.category,
        word: item.text,
        first: item.index === 0,
        verb: false,
      })),
  );
}

/** The riskiest; the earliest among equals. */
export function riskiestOf<E extends Evidence>(found: readonly E[]): E | undefined {
  let best: E | undefined;
  for (const evidence of found) if (!best || isRiskier(evidence.category, best.category)) best = evidence;
  return best;
}

/** Mentions secrets, credentials or environment variables: reading them is at least Medium. */
export function secretWord(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const here = bases(words[i]!);
    if (here.some((b) => SECRET_WORDS.has(b))) return words[i];
    const next = words[i + 1];
    if (next === undefined) continue;
    const after = bases(next);
    if (SECRETS.pairs.some(([a, b]) => here.includes(a) && after.includes(b))) return `${words[i]} ${next}`;
  }
  return undefined;
}

/** Reads something the caller names from the internet ("fetches a URL", "opens a page by URL"). */
export function reachingWord(words: readonly string[]): string | undefined {
  if (!words.some((w) => bases(w).some((b) => REACHING_VERBS.has(b)))) return undefined;
  return words.find((w) => bases(w).some((b) => REACHED_THINGS.has(b)));
}
