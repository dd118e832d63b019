import type {
  Classification,
  RiskLevel,
  ToolAnnotations,
  ToolCategory,
  ToolDescriptor,
} from '../../shared/tools';
import {
  leadEvidence,
  nameEvidence,
  reachingWord,
  riskiestOf,
  secretWord,
  type Evidence,
} from './risk-evidence';
import { leadSentence, nameWords, proseTokens, splitWords } from './risk-words';

import { isRiskier } from './risk-items';

export { riskier } from './risk-items';

/**
 * Risk classification (DESIGN §5): what a tool does, from its name, title and description, with
 * its MCP annotations as hints. It guides the suggested policy and what the person is shown; it
 * is not a security boundary, because a server chooses its tools' names, descriptions and
 * annotations as freely as it chooses what they do.
 *
 * - The name is read first (risk-evidence.ts: its verb, and what the verb acts on:
 *   `create_refund` is Financial); then the title, then the first sentence of the description.
 * - The description can outweigh the name, never lower it: one that says the tool deletes,
 *   sets, pays or runs something raises a read-like or vaguer name to that.
 * - Reading secrets, credentials or environment variables, or fetching what the caller names
 *   from the internet, is at least Medium.
 * - Annotations come from the same untrusted server: they can raise the risk (destructiveHint
 *   makes it High; readOnlyHint: false makes a read Medium) and decide a tool no words describe,
 *   but never lower what the words show.
 * Categories give their usual risk (the hosted gateways' mapping): Read → Low, Write → Medium,
 * Destructive, Financial and Execute → High.
 */

const RISK: Record<ToolCategory, RiskLevel> = {
  Read: 'Low',
  Write: 'Medium',
  Destructive: 'High',
  Financial: 'High',
  Execute: 'High',
};

const LEVELS: readonly RiskLevel[] = ['Low', 'Medium', 'High'];

/** The usual risk of a category. */
export function baseRisk(category: ToolCategory): RiskLevel {
  return RISK[category];
}

/** The higher of two risk levels. */
export function higherRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

/**
 * Sentences that say data is lost, wherever they stand in a description: they make a tool at
 * least Destructive ("any local work will be lost", "overwrites the file if it exists", "losing any
 * staged changes").
 */
const LOSS =
  /\b(?:overwrit(?:e|es|ing|ten)|permanently (?:delet|remov|eras|destroy|purg)\w*|(?:cannot|can't|can not) be (?:undone|recovered|reversed)|irreversibl[ey]|will be (?:lost|deleted|removed|destroyed|erased)|los(?:e|es|ing) (?:\w+ ){0,3}?(?:data|changes|work|content|contents|history|state|files?|records|edits|progress|everything|anything))\b/i;
const LOSS_NEGATED = /\b(?:not|no|never|without|won't|cannot|doesn't|don't|rather than)\s+(?:\w+\s+){0,2}$/i;

type Source = 'name' | 'title' | 'description';

interface Found extends Evidence {
  source: Source;
}

export function classifyTool(tool: ToolDescriptor): Classification {
  const annotations = tool.annotations ?? {};
  const title = tool.title ?? (typeof annotations.title === 'string' ? annotations.title : undefined);
  const description = typeof tool.description === 'string' ? tool.description : '';
  const name = nameWords(tool.name);
  const lead = leadSentence(description);
  const leadTokens = proseTokens(lead);

  const decided = decide(name, title, leadTokens, description);
  if (!decided) return unknown(annotations);
  const { category, reason } = decided;

  const notes: string[] = [];
  let risk = RISK[category];
  if (category === 'Read') {
    const words = [...name, ...(title ? splitWords(title) : []), ...leadTokens.map((t) => t.text)];
    const secret = secretWord(words);
    const reach = secret ? undefined : reachingWord(words);
    if (secret) notes.push(`it reads secrets ("${secret}")`);
    if (reach) notes.push(`it fetches what the caller names ("${reach}")`);
    if (secret || reach) risk = 'Medium';
  }
  const readOnly = annotations.readOnlyHint === true;
  if (annotations.destructiveHint === true && !readOnly && risk !== 'High') {
    risk = 'High';
    notes.push('the server marks it destructive');
  } else if (annotations.readOnlyHint === false && category === 'Read') {
    risk = higherRisk(risk, 'Medium');
    notes.push('the server says it is not read-only');
  }
  const said = notes.length === 0 ? reason : `${reason}; ${notes.join('; ')}`;
  const doubted = readOnly && category !== 'Read' ? `${said} although the server marks it read-only` : said;
  return { category, risk, reason: shorten(doubted) };
}

/**
 * The name's evidence (else the title's, else the description's), raised by a description that
 * says the tool does something riskier.
 */
function decide(
  name: string[],
  title: string | undefined,
  lead: ReturnType<typeof proseTokens>,
  description: string,
): { category: ToolCategory; reason: string } | undefined {
  const fromTitle = title === undefined ? undefined : tagged(nameEvidence(splitWords(title)), 'title');
  const fromName = tagged(nameEvidence(name, fromTitle?.base), 'name');
  const fromLead = tagged(leadEvidence(lead), 'description');
  const verbs = [fromName, fromTitle, fromLead].filter((e): e is Found => e?.verb === true);
  const primary = verbs[0] ?? riskiestOf([fromName, fromTitle].filter((e): e is Found => e !== undefined));
  const loss = lossPhrase(description);
  const raisers: Found[] = fromLead && fromLead !== primary ? [fromLead] : [];
  if (loss)
    raisers.push({ category: 'Destructive', word: loss, first: false, verb: true, source: 'description' });
  const base = primary ?? fromLead;
  const raised = riskiestOf(raisers.filter((r) => !base || isRiskier(r.category, base.category)));
  if (!base) return raised && { category: raised.category, reason: describe(raised) };
  if (!raised) return { category: base.category, reason: describe(base) };
  return { category: raised.category, reason: `${describe(base)}, but ${describe(raised)}` };
}

function tagged(evidence: Evidence | undefined, source: Source): Found | undefined {
  return evidence && { ...evidence, source };
}

function lossPhrase(description: string): string | undefined {
  const text = description.slice(0, 2000);
  const pattern = new RegExp(LOSS.source, 'gi');
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (!LOSS_NEGATED.test(before) && !/[`_]$/.test(before)) return match[0].toLowerCase();
  }
  return undefined;
}

function describe(evidence: Found): string {
  const said = `${evidence.source} ${evidence.first ? 'starts with' : 'says'} "${evidence.word}"`;
  return evidence.object ? `${said} and mentions "${evidence.object}"` : said;
}

/** No words Portcullis knows: the annotations are all there is, and without them it is a Write. */
function unknown(annotations: ToolAnnotations): Classification {
  const readOnly = annotations.readOnlyHint === true;
  if (annotations.destructiveHint === true && !readOnly) {
    return {
      category: 'Destructive',
      risk: 'High',
      reason: 'no recognisable verb; annotated destructiveHint',
    };
  }
  if (readOnly)
    return { category: 'Read', risk: 'Low', reason: 'no recognisable verb; annotated readOnlyHint' };
  return { category: 'Write', risk: 'Medium', reason: 'no recognisable verb: treated as Write' };
}

/** Reasons are shown in one line of the dashboard; words from a server can be long. */
function shorten(reason: string): string {
  return reason.length <= 160 ? reason : `${reason.slice(0, 159)}…`;
}
