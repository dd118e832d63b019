import type { ToolCategory } from '../../shared/tools';

/**
 * The words risk classification knows (DESIGN §5), written in their base form: -s, -es, -ies,
 * -ed and -ing forms are found from it (risk-words.ts). A word is here because of what it means
 * in tool names and descriptions generally, not because one server uses it: the labelled corpus
 * in test/fixtures/risk measures that, and a third of it was held out while these were chosen.
 */

/** What a verb does when the tool does it. */
export const VERBS: Record<ToolCategory, string> = {
  Execute:
    'exec execute run rerun eval evaluate spawn invoke interpret sudo deploy redeploy install reinstall call',
  Financial:
    'pay prepay charge refund invoice bill purchase buy sell trade swap bridge withdraw deposit borrow lend ' +
    'repay stake unstake donate tip checkout payout transfer mint',
  Destructive:
    'delete del remove rm rmdir destroy drop truncate purge wipe kill terminate revoke erase unlink overwrite ' +
    'discard uninstall unpublish clear shred nuke evict drain detach teardown cleanup forget deregister ' +
    'unregister decommission expunge flush prune',
  Write:
    'write create update edit set put post add insert modify move mv rename upload send push commit merge ' +
    'publish patch save append prepend apply replace assign unassign comment reply react toggle enable disable ' +
    'configure upsert archive unarchive close reopen star unstar fork label tag untag copy cp clone import sync ' +
    'schedule reschedule trigger notify share unshare invite lock unlock restore register submit approve ' +
    'unapprove reject accept decline confirm acknowledge cancel stop start restart reboot pause resume mark ' +
    'change make fill click type press drag drop hover scroll select focus attach store mkdir touch chmod chown ' +
    'reset upgrade downgrade init initialize revert rollback dismiss resolve unresolve request reprioritize ' +
    'reorder prioritize transition link record stage unstage switch checkout rebase recreate connect disconnect ' +
    'reconnect activate deactivate grant allow deny block unblock ingest consolidate rate claim wrap unwrap load ' +
    'promote provision follow unfollow watch unwatch subscribe unsubscribe join leave invite ban mute unmute ' +
    'pin unpin highlight hide unhide resize build interact play retry dispatch launch enter bump bulk ' +
    'manage handle act end finalize protect unprotect cordon uncordon scale rollout',
  Read:
    'get list read search find fetch query describe show view lookup count stat echo check inspect download ' +
    'retrieve browse ls cat grep diff compare explain preview analyze analyse summarize summarise validate ' +
    'verify ping poll peek scan navigate calculate return display print observe extract discover detect ' +
    'estimate quote suggest recommend identify locate sample wait await test lint audit measure generate ' +
    'aggregate explore monitor track think review crawl scrape visit simulate access',
};

/**
 * Words that only name a thing. A name with no verb goes by its riskiest noun (`shell`,
 * `payment_status`); some also raise a verb that acts on them (see OBJECT_RAISES).
 */
export const NOUNS: Partial<Record<ToolCategory, string>> = {
  Execute: 'command cmd shell script terminal bash sh zsh powershell pwsh python repl ssh code snippet sql',
  Financial:
    'payment payout billing subscription wallet money funds withdrawal refund invoice price pricing coupon ' +
    'dispute order charge erc20 erc721 nft coin memecoin eth weth usdc crypto onchain reward loan collateral ' +
    'swap trade transfer deposit purchase sale',
  Read: 'status info snapshot screenshot stats health whoami metadata schema usage',
};

/**
 * A verb of one category acting on a thing of a riskier one takes on the thing's category:
 * `create_refund` is Financial, `send_command` and `write_to_terminal` are Execute. Destructive
 * verbs keep their own category (`delete_script`), read verbs only read, and verbs that only
 * steer something already there (CONTROL_VERBS) do not run it.
 */
export const OBJECT_RAISES: Partial<Record<ToolCategory, { verbs: readonly ToolCategory[]; words: string }>> =
  {
    Financial: { verbs: ['Write', 'Destructive', 'Execute'], words: NOUNS.Financial! },
    Execute: { verbs: ['Write'], words: `${NOUNS.Execute!} program executable javascript js stdin` },
  };

/** Verbs that steer what is already running or shown, without running anything new. */
export const CONTROL_VERBS = new Set(
  'stop cancel pause resume close end disconnect reconnect resize hide unhide highlight kill terminate'.split(
    ' ',
  ),
);

/** Things that run code when they are started, retried or triggered: CI runs, images, packages, processes. */
export const STARTED_CODE = 'workflow pipeline job build image dockerfile chart helm package plugin process';
/** The verbs that set them running. */
export const STARTING_VERBS =
  'run rerun start trigger retry play dispatch launch execute build upgrade interact spawn';

/**
 * Running or starting one of these only reads: `aggregate-db` "runs an aggregation",
 * `start_search` starts a search.
 */
export const READ_RUNS = 'search scan scanner aggregation analysis report lint audit diagnostic crawl check';

/** A query language the caller writes in: querying or running it runs the caller's code. */
export const QUERY_LANGUAGES = 'sql graphql';
/** Query languages that cannot change anything: running them only reads. */
export const READ_ONLY_LANGUAGES = 'kql jql cql promql logql';

/** Words that mean something else together; `null` means none of them counts. */
export const PHRASES: readonly { words: readonly string[]; category: ToolCategory | null }[] = [
  { words: ['force', 'push'], category: 'Destructive' },
  { words: ['push', 'force'], category: 'Destructive' },
  { words: ['hard', 'reset'], category: 'Destructive' },
  { words: ['reset', 'hard'], category: 'Destructive' },
  { words: ['factory', 'reset'], category: 'Destructive' },
  { words: ['tear', 'down'], category: 'Destructive' },
  { words: ['clean', 'up'], category: 'Destructive' },
  { words: ['git', 'checkout'], category: 'Write' },
  { words: ['checkout', 'branch'], category: 'Write' },
  { words: ['set', 'up'], category: 'Write' },
  { words: ['drag', 'and', 'drop'], category: 'Write' },
  { words: ['look', 'up'], category: 'Read' },
  { words: ['take', 'screenshot'], category: 'Read' },
  { words: ['take', 'snapshot'], category: 'Read' },
  { words: ['capture', 'screenshot'], category: 'Read' },
  { words: ['capture', 'snapshot'], category: 'Read' },
  { words: ['capture', 'payment'], category: 'Financial' },
  { words: ['place', 'order'], category: 'Financial' },
  // A read verb reads the rest of the name, so these need saying: they change what they find.
  { words: ['find', 'replace'], category: 'Write' },
  { words: ['search', 'replace'], category: 'Write' },
  { words: ['sort', 'order'], category: null },
  { words: ['order', 'by'], category: null },
  { words: ['in', 'order'], category: null },
  { words: ['dry', 'run'], category: null },
  // Subscriptions to events are not paid for; code that is reviewed or searched is not run.
  { words: ['notification', 'subscription'], category: null },
  { words: ['resource', 'subscription'], category: null },
  { words: ['topic', 'subscription'], category: null },
  { words: ['event', 'subscription'], category: null },
  { words: ['webhook', 'subscription'], category: null },
  { words: ['code', 'review'], category: null },
  { words: ['code', 'scanning'], category: null },
  { words: ['code', 'search'], category: null },
  { words: ['code', 'quality'], category: null },
  { words: ['code', 'owner'], category: null },
  { words: ['source', 'code'], category: null },
  { words: ['read', 'only'], category: null },
  // The things code hosts review and merge, not requests to pull or merge.
  { words: ['pull', 'request'], category: null },
  { words: ['merge', 'request'], category: null },
];

/** Words after which a description lists what it contains, not what the tool does. */
export const LIST_ENDS = new Set([
  'which',
  'that',
  'who',
  'whose',
  'including',
  'include',
  'such',
  'like',
  'if',
  'when',
  'whether',
  'e',
  'eg',
]);

/**
 * Reading these is at least Medium (the issue: "reading environment variables, secrets or
 * credentials is at least Medium"). Pairs are words that must follow each other.
 */
export const SECRETS = {
  words: 'env dotenv secret credential password passphrase cookie keychain keyring',
  pairs: [
    ['environment', 'variable'],
    ['env', 'var'],
    ['api', 'key'],
    ['access', 'key'],
    ['private', 'key'],
    ['secret', 'key'],
    ['publishable', 'key'],
    ['signing', 'key'],
    ['ssh', 'key'],
    ['access', 'token'],
    ['auth', 'token'],
    ['api', 'token'],
    ['bearer', 'token'],
    ['refresh', 'token'],
    ['session', 'token'],
    ['id', 'token'],
  ] as const,
};

/**
 * Reading something the caller names from the internet is at least Medium: what comes back is
 * untrusted, and the URL itself can carry data out.
 */
export const REACHING = {
  verbs: 'fetch navigate browse crawl scrape visit read',
  things: 'url uri internet web website webpage http https',
};

/** Words that put what follows them out of play ("does not delete anything"). */
export const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'without',
  'nor',
  'neither',
  'cannot',
  't',
  'instead',
]);
/** Words that join a second thing a tool does ("get_or_create_user", "list, show, or set"). */
export const CONJUNCTIONS = new Set(['and', 'or', 'then', 'plus']);

/** Openings of a description that are not what the tool does ("This tool will refund…"). */
export const PREAMBLE = new Set([
  'this',
  'that',
  'tool',
  'tools',
  'action',
  'function',
  'command',
  'endpoint',
  'will',
  'can',
  'to',
  'a',
  'an',
  'the',
  'used',
  'use',
  'you',
  'we',
  'it',
  'for',
  'helps',
  'help',
  'allows',
  'allow',
  'lets',
  'let',
  'enables',
  'enable',
  'supports',
  'support',
  'simply',
  'directly',
  'automatically',
  'please',
]);
