import type { ToolCategory } from '../../shared/tools';
import { CONJUNCTIONS, NEGATIONS, NOUNS, PHRASES, VERBS } from './risk-lexicon';
import { baseForms, type Form, type Token } from './risk-words';

/**
 * Reading a text's words for risk classification: what each can mean (verb or noun, of which
 * category), where it stands (a clause's start, inside parentheses, after a preposition), with
 * phrases merged and negated words put out of play.
 */

/** Riskiest first. Execute outranks Financial because arbitrary code can move money and delete too. */
const PRECEDENCE: readonly ToolCategory[] = ['Execute', 'Financial', 'Destructive', 'Write', 'Read'];

/** The riskier of two categories. */
export function riskier(a: ToolCategory, b: ToolCategory): ToolCategory {
  return PRECEDENCE.indexOf(a) <= PRECEDENCE.indexOf(b) ? a : b;
}

export function isRiskier(a: ToolCategory, b: ToolCategory): boolean {
  return a !== b && riskier(a, b) === a;
}

/** A word as classification reads it: what it can mean, where it stands. */
export interface Item {
  text: string;
  /** Position among the words of its text. */
  index: number;
  verb?: { category: ToolCategory; form: Form; base: string };
  noun?: { category: ToolCategory; base: string };
  /** Starts a clause: first, or after punctuation, or after "and"/"or" outside a prepositional phrase. */
  clauseStart: boolean;
  /** After "and", "or", "then": a second thing the tool does (`get_or_create_user`). */
  afterConjunction: boolean;
  /** Ends what a verb acts on: punctuation, a conjunction, a preposition of place or means. */
  stop: boolean;
  /** Inside parentheses: examples and asides, not what the tool does. */
  aside: boolean;
}

const VERB_LEXICON = lexicon(VERBS);
const NOUN_LEXICON = lexicon(NOUNS);
/** Prepositions that end the thing a verb acts on ("refund a payment in Stripe"). */
const PLACE_WORDS = set(
  'in on at from to into onto using with via by for across within through between against before after during',
);
export function set(words: string): Set<string> {
  return new Set(words.split(' '));
}

function lexicon(words: Partial<Record<ToolCategory, string>>): Map<string, ToolCategory> {
  const map = new Map<string, ToolCategory>();
  // Riskiest last, so a word listed twice keeps its riskier meaning.
  for (const category of [...PRECEDENCE].reverse()) {
    for (const word of words[category]?.split(' ') ?? []) map.set(word, category);
  }
  return map;
}

export function bases(token: string): string[] {
  return baseForms(token).map(([base]) => base);
}

/** Tokens → items: each word looked up, phrases merged, negated words dropped. */
export function toItems(tokens: readonly Token[]): Item[] {
  const items: Item[] = [];
  let negatedUntil = -1;
  let afterConjunction = false;
  // After a preposition, commas, slashes and "or" join nouns ("between tags or commits",
  // "narrowed by start date, end date"), not things the tool does.
  let inPhrase = false;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === '(' || token.text === ')') {
      depth = Math.max(0, depth + (token.text === '(' ? 1 : -1));
      inPhrase = false;
      continue;
    }
    const broken = token.after !== 'word';
    const weak = token.after === ',' || token.after === '/';
    if (broken && !weak) inPhrase = false;
    if (NEGATIONS.has(token.text)) {
      negatedUntil = i + 3;
      continue;
    }
    const aside = depth > 0;
    if (CONJUNCTIONS.has(token.text)) {
      afterConjunction = !inPhrase;
      items.push(stopItem(token.text, i, aside));
      continue;
    }
    const previous = items.at(-1);
    // "add/update/delete" lists verbs; "team/project/run" lists things.
    const slashed = token.after === '/' && !previous?.verb;
    const clauseStart = (broken && !slashed && !(weak && inPhrase)) || afterConjunction;
    const conj = afterConjunction;
    afterConjunction = false;
    const phrase = phraseAt(tokens, i);
    if (phrase) {
      const text = tokens
        .slice(i, i + phrase.words.length)
        .map((t) => t.text)
        .join(' ');
      const index = i;
      i += phrase.words.length - 1;
      const item: Item = { text, index, clauseStart, afterConjunction: conj, stop: broken, aside };
      if (phrase.category && i > negatedUntil) {
        item.verb = { category: phrase.category, form: 'base', base: phrase.words[0]! };
      }
      items.push(item);
      continue;
    }
    const place = PLACE_WORDS.has(token.text);
    if (place) inPhrase = true;
    const item: Item = {
      text: token.text,
      index: i,
      clauseStart,
      afterConjunction: conj,
      stop: place || broken,
      aside,
    };
    if (i > negatedUntil) Object.assign(item, lookUp(token.text));
    items.push(item);
  }
  return items;
}

function stopItem(text: string, index: number, aside: boolean): Item {
  return { text, index, clauseStart: false, afterConjunction: false, stop: true, aside };
}

/** Phrases by their first word, so most words cost one lookup. */
const PHRASES_BY_FIRST = new Map<string, (typeof PHRASES)[number][]>();
for (const phrase of PHRASES) {
  const first = phrase.words[0]!;
  PHRASES_BY_FIRST.set(first, [...(PHRASES_BY_FIRST.get(first) ?? []), phrase]);
}

function phraseAt(tokens: readonly Token[], at: number): (typeof PHRASES)[number] | undefined {
  for (const first of bases(tokens[at]!.text)) {
    const found = PHRASES_BY_FIRST.get(first)?.find((phrase) =>
      phrase.words.every(
        (word, k) => k === 0 || (tokens[at + k] && bases(tokens[at + k]!.text).includes(word)),
      ),
    );
    if (found) return found;
  }
  return undefined;
}

function lookUp(token: string): Pick<Item, 'verb' | 'noun'> {
  const found: Pick<Item, 'verb' | 'noun'> = {};
  for (const [base, form] of baseForms(token)) {
    const verb = VERB_LEXICON.get(base);
    if (verb && !found.verb) found.verb = { category: verb, form, base };
    const noun = NOUN_LEXICON.get(base);
    // A noun is written as it is, or as its plural: "payments", not "paying".
    if (noun && !found.noun && (form === 'base' || form === 'third')) found.noun = { category: noun, base };
  }
  return found;
}
