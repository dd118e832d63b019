import type {
  Classification,
  RiskLevel,
  ToolAnnotations,
  ToolCategory,
  ToolDescriptor,
} from '../../shared/tools';

/**
 * Risk classification (DESIGN §5): what a tool does, from its name, title, description and MCP
 * annotations. It guides the suggested policy and what the person is shown; it is not a security
 * boundary, because a server chooses its tools' names as freely as their annotations.
 *
 * Evidence is taken from the first of name, title and description that has any (the name weighs
 * most; a description is prose and only its first sentence is read). Within that text:
 * - the first word that can be a verb says what the tool does (`delete_file`, `files.delete`);
 *   more verbs count only after "and", "or" or "then" (`get_or_create_user`);
 * - a read verb makes the rest of the name what is read: `list_charges` reads charges;
 * - a tool that changes something takes on the category of money or code it acts on:
 *   `create_refund` is Financial, `send_command` is Execute;
 * - a name with no verb goes by its riskiest noun (`shell`, `payment_status`).
 * When several categories are named, the riskier wins: Execute > Financial > Destructive > Write > Read.
 */

/** Riskiest first. Execute outranks Financial because arbitrary code can move money and delete too. */
const PRECEDENCE: readonly ToolCategory[] = ['Execute', 'Financial', 'Destructive', 'Write', 'Read'];

const RISK: Record<ToolCategory, RiskLevel> = {
  Read: 'Low',
  Write: 'Medium',
  Destructive: 'High',
  Financial: 'High',
  Execute: 'High',
};

/** The riskier of two categories. */
export function riskier(a: ToolCategory, b: ToolCategory): ToolCategory {
  return PRECEDENCE.indexOf(a) <= PRECEDENCE.indexOf(b) ? a : b;
}

interface Sense {
  category: ToolCategory;
  /** Can say what the tool does (`delete`, `list`, `charge`), not only name a thing. */
  verb: boolean;
  /** Raises a tool that changes something when it is what the tool acts on (`create_refund`). */
  object: boolean;
}

// Words are written in their base form; -s, -es, -ies, -ed and -ing forms are found from it.
const VERBS: Record<ToolCategory, string> = {
  Execute: 'exec execute run rerun eval evaluate spawn invoke interpret sudo install deploy',
  Financial:
    'pay charge refund invoice transfer purchase buy sell order withdraw bill trade deposit donate checkout',
  Destructive:
    'delete del remove rm rmdir destroy drop truncate purge wipe kill terminate revoke erase unlink ' +
    'overwrite discard uninstall unpublish clear shred nuke',
  Write:
    'write create update edit set put post add insert modify move mv rename upload send push commit merge ' +
    'publish patch save append apply replace assign unassign comment reply toggle enable disable configure ' +
    'upsert archive unarchive close reopen star unstar fork label tag copy cp clone import sync schedule ' +
    'trigger notify share invite lock unlock restore register submit approve reject cancel stop start mark ' +
    'change make generate fill click type press drag attach store mkdir touch chmod chown reset upgrade init ' +
    'initialize revert rollback dismiss',
  Read:
    'get list read search find fetch query describe show view lookup count stat echo check inspect download ' +
    'retrieve browse ls cat grep diff compare explain preview analyze analyse summarize summarise validate ' +
    'verify ping poll peek scan navigate calculate',
};

/** Words that only name a thing. Money and code raise what acts on them; the rest only speak for verb-less names. */
const NOUNS: Partial<Record<ToolCategory, string>> = {
  Execute: 'command cmd shell script terminal bash sh zsh powershell pwsh python repl ssh',
  Financial: 'payment payout billing subscription wallet money funds withdrawal',
  Read: 'status info snapshot screenshot',
};

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
  }),
);

/** Word pairs that mean something else together; `null` means neither word counts. */
const PHRASES: readonly { words: readonly [string, string]; category: ToolCategory | null }[] = [
  { words: ['force', 'push'], category: 'Destructive' },
  { words: ['push', 'force'], category: 'Destructive' },
  { words: ['hard', 'reset'], category: 'Destructive' },
  { words: ['reset', 'hard'], category: 'Destructive' },
  { words: ['factory', 'reset'], category: 'Destructive' },
  { words: ['git', 'checkout'], category: 'Write' },
  { words: ['checkout', 'branch'], category: 'Write' },
  { words: ['look', 'up'], category: 'Read' },
  // A read verb reads the rest of the name, so these need saying: they change what they find.
  { words: ['find', 'replace'], category: 'Write' },
  { words: ['search', 'replace'], category: 'Write' },
  { words: ['sort', 'order'], category: null },
];

const CONJUNCTIONS = new Set(['and', 'or', 'then']);
/** `t` is what is left of "doesn't", "can't" once words are split. */
const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'nor', 'neither', 'cannot', 't']);

const LEXICON = buildLexicon();

function buildLexicon(): Map<string, Sense> {
  const lexicon = new Map<string, Sense>();
  for (const category of PRECEDENCE) {
    for (const word of VERBS[category].split(' ')) {
      lexicon.set(word, { category, verb: true, object: category === 'Financial' });
    }
    for (const word of NOUNS[category]?.split(' ') ?? []) {
      lexicon.set(word, {
        category,
        verb: false,
        object: category === 'Financial' || category === 'Execute',
      });
    }
  }
  return lexicon;
}

interface Word {
  text: string;
  sense: Sense | undefined;
  /** The first word of the text, so the reason can say "starts with". */
  first: boolean;
  /** Follows "and", "or" or "then": a second thing the tool does. */
  afterConjunction: boolean;
}

type KnownWord = Word & { sense: Sense };

interface Evidence {
  source: 'name' | 'title' | 'description';
  category: ToolCategory;
  word: Word;
  /** What the verb acts on, when that raised the category. */
  object?: Word;
}

export function classifyTool(tool: ToolDescriptor): Classification {
  const annotations = tool.annotations ?? {};
  const { category, reason } = decide(findEvidence(tool), annotations);
  if (category === 'Read' && annotations.openWorldHint === true) {
    return { category, risk: 'Medium', reason: `${reason}; reaches outside systems (openWorldHint)` };
  }
  return { category, risk: RISK[category], reason };
}

/**
 * Annotations come from an untrusted server: they may raise a tool's category, and may make a
 * Write-looking tool Read, but never lower one whose words say Destructive or riskier.
 */
function decide(
  evidence: Evidence | undefined,
  annotations: ToolAnnotations,
): { category: ToolCategory; reason: string } {
  const readOnly = annotations.readOnlyHint === true;
  // The spec's default for destructiveHint is true, but only an explicit hint is evidence.
  const destructive = annotations.destructiveHint === true && !readOnly;
  if (!evidence) {
    if (destructive) return { category: 'Destructive', reason: 'annotated destructiveHint' };
    if (readOnly) return { category: 'Read', reason: 'annotated readOnlyHint' };
    return { category: 'Write', reason: 'no recognisable verb: treated as Write' };
  }
  const said = describe(evidence);
  if (riskier(evidence.category, 'Destructive') === evidence.category) {
    const reason = readOnly ? `${said} although the server marks it read-only` : said;
    return { category: evidence.category, reason };
  }
  if (destructive) return { category: 'Destructive', reason: `${said}, annotated destructiveHint` };
  if (readOnly) {
    const reason =
      evidence.category === 'Read'
        ? `${said}, annotated readOnlyHint`
        : `annotated readOnlyHint, though ${said}`;
    return { category: 'Read', reason };
  }
  if (evidence.category === 'Read' && annotations.readOnlyHint === false) {
    return { category: 'Write', reason: `${said} but the server says it is not read-only` };
  }
  return { category: evidence.category, reason: said };
}

function findEvidence(tool: ToolDescriptor): Evidence | undefined {
  const title = tool.title ?? tool.annotations?.title;
  const texts: [Evidence['source'], Word[]][] = [
    ['name', nameWords(tool.name)],
    ['title', typeof title === 'string' ? proseWords(title) : []],
    ['description', typeof tool.description === 'string' ? proseWords(firstSentence(tool.description)) : []],
  ];
  for (const [source, words] of texts) {
    const found = analyse(words);
    if (found) return { source, ...found };
  }
  return undefined;
}

function describe(evidence: Evidence): string {
  const { source, word, object } = evidence;
  const said = `${source} ${word.first ? 'starts with' : 'says'} "${word.text}"`;
  return object ? `${said} and mentions "${object.text}"` : said;
}

function analyse(words: Word[]): Omit<Evidence, 'source'> | undefined {
  const known = words.filter((w): w is KnownWord => w.sense !== undefined);
  const primary = known.findIndex((w) => w.sense.verb);
  if (primary === -1) {
    const noun = riskiest(known);
    return noun && { category: noun.sense.category, word: noun };
  }
  const verbs = known.filter((w, i) => i === primary || (i > primary && w.sense.verb && w.afterConjunction));
  const verb = riskiest(verbs)!;
  if (verb.sense.category === 'Read') return { category: 'Read', word: verb };
  const object = riskiest(known.filter((w) => w.sense.object && w !== verb));
  if (object && riskier(object.sense.category, verb.sense.category) !== verb.sense.category) {
    return { category: object.sense.category, word: verb, object };
  }
  return { category: verb.sense.category, word: verb };
}

/** The riskiest word; the earliest among equals. */
function riskiest(words: KnownWord[]): KnownWord | undefined {
  let best: KnownWord | undefined;
  for (const word of words) {
    if (!best || riskier(word.sense.category, best.sense.category) !== best.sense.category) best = word;
  }
  return best;
}

/**
 * `github.create_issue`, `files.delete`, `mcp__fs__read_file`: the last segment says what the tool
 * does and the ones before it are namespaces or the thing acted on, so it is read first.
 */
function nameWords(name: string): Word[] {
  const segments = name.slice(0, 500).split(/[./:]|__/);
  const words = segments.map((segment, i) => toWords(splitWords(segment), i === 0, false));
  return words.reverse().flat();
}

function proseWords(text: string): Word[] {
  return toWords(splitWords(text.slice(0, 500)), true, true);
}

function firstSentence(text: string): string {
  return text.slice(0, 1000).split(/[.!?](?:\s|$)|\n/)[0] ?? '';
}

/** `delete_file`, `deleteFile`, `get-HTTPStatus`, `Deletes a file` → lowercase words. */
function splitWords(text: string): string[] {
  return (text.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+/gu) ?? []).map((w) => w.toLowerCase());
}

/**
 * Looks each word up, merging phrases and dropping negated words ("does not delete anything").
 * In prose, an -ing or -ed form after the first word is usually an adjective ("a long running
 * operation", "allowed directories"), so it does not count.
 */
function toWords(tokens: string[], startsText: boolean, prose: boolean): Word[] {
  const words: Word[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const first = startsText && i === 0;
    const afterConjunction = [tokens[i - 1], tokens[i - 2]].some(
      (t) => t !== undefined && CONJUNCTIONS.has(t),
    );
    const negated = [tokens[i - 1], tokens[i - 2], tokens[i - 3]].some(
      (t) => t !== undefined && NEGATIONS.has(t),
    );
    const phrase = PHRASES.find(
      (p) => forms(token).includes(p.words[0]) && forms(tokens[i + 1] ?? '').includes(p.words[1]),
    );
    if (phrase) {
      const sense =
        phrase.category && !negated ? { category: phrase.category, verb: true, object: false } : undefined;
      words.push({ text: `${token} ${tokens[i + 1]}`, sense, first, afterConjunction });
      i++;
      continue;
    }
    const found = lookUp(token);
    const counts = found && !negated && !(prose && found.participle && !first);
    words.push({ text: token, sense: counts ? found.sense : undefined, first, afterConjunction });
  }
  return words;
}

function lookUp(token: string): { sense: Sense; participle: boolean } | undefined {
  for (const [form, participle] of candidates(token)) {
    const sense = LEXICON.get(form);
    if (sense) return { sense, participle };
  }
  return undefined;
}

function forms(token: string): string[] {
  return candidates(token).map(([form]) => form);
}

/** The word itself, then the base forms it could come from. Short words are only taken as they are. */
function candidates(token: string): [form: string, participle: boolean][] {
  const result: [string, boolean][] = [[token, false]];
  const irregular = IRREGULAR.get(token);
  if (irregular) result.push([irregular, false]);
  if (token.length < 4) return result;
  if (token.endsWith('ies')) result.push([`${token.slice(0, -3)}y`, false]);
  if (token.endsWith('es')) result.push([token.slice(0, -2), false]);
  if (token.endsWith('s')) result.push([token.slice(0, -1), false]);
  for (const suffix of ['ing', 'ed']) {
    if (!token.endsWith(suffix)) continue;
    const base = token.slice(0, -suffix.length);
    if (base.length < 3) continue;
    result.push([base, true], [`${base}e`, true]);
    if (base.at(-1) === base.at(-2)) result.push([base.slice(0, -1), true]);
  }
  return result;
}
