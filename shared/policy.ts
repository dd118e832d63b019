import { z } from 'zod';
import { flagKindSchema } from './trust';

/**
 * The policy document (DESIGN §5): a superset of the hosted gateways' policy.json, so their
 * published policies import unchanged. Objects are strict: an unknown key is refused with a
 * pointed error rather than silently ignored, because a misspelt `acton: "deny"` must not allow.
 */

/**
 * Other words the hosted gateways' pages use for "approve" ("require approval" as a rule). They are
 * read as `approve`; the text keeps the word written, and `policy export --hosted` writes
 * `require_approval`. Exactly these: anything else is refused, naming the words accepted.
 */
export const approvalSpellings = [
  'require_approval',
  'requires_approval',
  'approval_required',
  'approval',
] as const;
export const HOSTED_APPROVAL = 'require_approval';
const ruleActions = ['allow', 'deny', 'approve', 'hide'] as const;

export type RuleAction = (typeof ruleActions)[number];
/** An action as written: ours, or a hosted spelling of approve. */
export type RuleActionWord = RuleAction | (typeof approvalSpellings)[number];

/** What an action word means. */
export function canonicalAction(word: RuleActionWord | undefined): RuleAction {
  if (word === undefined) return 'allow';
  return (approvalSpellings as readonly string[]).includes(word) ? 'approve' : (word as RuleAction);
}

/** What a rule can do with a call. `hide` also leaves the tool out of tools/list. */
export const ruleActionSchema = z
  .enum([...ruleActions, ...approvalSpellings], {
    error: () =>
      `An action is ${ruleActions.join(', ')} (or, for approve, the hosted spellings ${approvalSpellings.join(', ')}).`,
  })
  .transform((action) => canonicalAction(action));
/** What `default` can be: every tool no rule names. */
export const defaultActionSchema = z.enum(['allow', 'deny', 'approve']);
export type DefaultAction = z.infer<typeof defaultActionSchema>;

export const WINDOW_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86_400 } as const;
/** A unit name, or a number of seconds (the hosted docs use both: `"minute"` and `60`). */
export const windowSchema = z.union([
  z.enum(['second', 'minute', 'hour', 'day']),
  z
    .number()
    .int()
    .min(1)
    .max(366 * 86_400),
]);

/** Who a limit counts for. `grant` is per connected client: the local meaning of an identity grant. */
export const limitScopeSchema = z.enum(['grant', 'session', 'server', 'tool', 'global']);
export type LimitScope = z.infer<typeof limitScopeSchema>;

export const limitSchema = z.strictObject({
  /** Rules naming the same counter share it. Without a name, each limit counts on its own. */
  counter: z.string().min(1).max(200).optional(),
  window: windowSchema,
  max: z.number().int().min(0).max(1_000_000),
  scope: limitScopeSchema.default('grant'),
  /** Over the limit: refuse (default), or ask the person instead. */
  on_exceed: z.enum(['deny', 'approve']).default('deny'),
});
export type Limit = z.infer<typeof limitSchema>;

/**
 * The hosted pages' "rate-limit block": at most `max` calls in `window` seconds (a unit name is
 * accepted too), counted per agent session and reset as the window slides. It is a limit with
 * `scope: "session"` and `on_exceed: "deny"`; `counter` is ours, for rules that share it.
 */
export const rateLimitSchema = z.strictObject({
  max: z.number().int().min(0).max(1_000_000),
  window: windowSchema,
  counter: z.string().min(1).max(200).optional(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/** The limit a rate-limit block means. */
export function rateLimitAsLimit(block: RateLimit): Limit {
  return {
    ...(block.counter === undefined ? {} : { counter: block.counter }),
    window: block.window,
    max: block.max,
    scope: 'session',
    on_exceed: 'deny',
  };
}

type Literal = string | number | boolean | null;
export type Matcher =
  | Literal
  | {
      equals?: unknown;
      in?: unknown[];
      prefix?: string;
      /**
       * Inside a folder, compared on canonical paths: `~`, `..`, symlinks, relative paths and Unicode
       * forms resolved the way the server will open the file (docs/policy.md says exactly how).
       */
      path_prefix?: string;
      glob?: string;
      regex?: string;
      gt?: number;
      gte?: number;
      lt?: number;
      lte?: number;
      exists?: boolean;
      not?: Matcher;
    };

const literalSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const matcherSchema: z.ZodType<Matcher> = z.lazy(() =>
  z.union([
    literalSchema,
    z
      .strictObject({
        equals: z.unknown().optional(),
        in: z.array(z.unknown()).optional(),
        prefix: z.string().optional(),
        path_prefix: z
          .string()
          .min(1)
          .max(4096)
          .refine(isAbsoluteFolder, {
            message:
              'path_prefix needs an absolute folder (/…, C:\\…, ~/… or a file: URL): a relative one would mean something different for each server.',
          })
          .optional(),
        glob: z.string().max(500).optional(),
        // RE2 syntax; the main side compiles each pattern and refuses, by pointer, those it cannot run
        // (main/policy/patterns.ts), which keeps the engine out of the renderer.
        regex: z.string().max(1000).optional(),
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
        exists: z.boolean().optional(),
        not: matcherSchema.optional(),
      })
      .refine((m) => Object.keys(m).length > 0, {
        message:
          'A condition needs at least one test (equals, in, prefix, path_prefix, glob, regex, gt, gte, lt, lte, exists, not).',
      }),
  ]),
);

/** Absolute on some platform: the policy may have been written on another one. `~user` is not. */
function isAbsoluteFolder(path: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\|~$|~[\\/]|file:)/i.test(path);
}

/** Conditions on a call's arguments: argument path (`path`, `options.mode`, `files.0`) → test. All must hold. */
export const conditionsSchema = z.record(z.string().min(1).max(500), matcherSchema);
export type Conditions = z.infer<typeof conditionsSchema>;

/**
 * `require` and `deny_if` as the hosted pages show them in their policy shape, `[]`, mean no
 * conditions. What goes inside their lists is not published, and guessing could let through what
 * a rule meant to stop, so a list with something in it is refused, saying how to write it here.
 */
const emptyListSchema = z
  .array(z.unknown())
  .max(0, {
    message:
      'A list of conditions is only accepted empty (the hosted shape). Write conditions as an object: argument → test, e.g. { "amount": { "lte": 10000 } }.',
  })
  .transform((): undefined => undefined);
const hostedConditionsSchema = z.union([conditionsSchema, emptyListSchema]);

export const toolRuleSchema = z
  .strictObject({
    /** Without an action, the rule allows (subject to its limits). */
    action: ruleActionSchema.optional(),
    /** Shown to the person and to the agent. */
    reason: z.string().max(1000).optional(),
    limits: z.array(limitSchema).max(20).optional(),
    /** The hosted shape of one limit (see `rateLimitSchema`); counted after `limits`. */
    rate_limit: rateLimitSchema.optional(),
    /** The rule applies only to calls whose arguments match. */
    when: conditionsSchema.optional(),
    /** The call is denied unless its arguments match. */
    require: hostedConditionsSchema.optional(),
    /** The call is denied when its arguments match. */
    deny_if: hostedConditionsSchema.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.action === 'hide' && rule.when) {
      ctx.addIssue({
        code: 'custom',
        path: ['when'],
        message: 'A hidden tool is hidden whatever its arguments: "hide" cannot have "when".',
      });
    }
  });

export type ToolRule = z.infer<typeof toolRuleSchema>;

/** One rule, or several tried in order (the first whose `when` matches decides). */
export const toolEntrySchema = z.union([toolRuleSchema, z.array(toolRuleSchema).min(1).max(100)]);
export type ToolEntry = z.infer<typeof toolEntrySchema>;

/** Tool names, or globs (`*` any run of characters, `?` one character). */
const toolsSchema = z.record(z.string().min(1).max(500), toolEntrySchema);

const allToolsSchema = z.strictObject({ limits: z.array(limitSchema).max(20) });

/**
 * What happens to a tool Portcullis flagged (shared/trust.ts): its description or schema looks
 * poisoned, it shadows another server's tool, or it is new on a known server. A floor, never a
 * loosening: the stricter of this and the rules' decision stands (deny beats approve beats allow).
 */
export const flaggedRuleSchema = z.strictObject({
  action: z.enum(['approve', 'deny', 'hide']),
  reason: z.string().max(1000).optional(),
  /** Only tools flagged for one of these; any flag when left out. */
  kinds: z.array(flagKindSchema).min(1).optional(),
});
export type FlaggedRule = z.infer<typeof flaggedRuleSchema>;

export const serverScopeSchema = z.strictObject({
  default: defaultActionSchema.optional(),
  reason: z.string().max(1000).optional(),
  tools: toolsSchema.optional(),
  all_tools: allToolsSchema.optional(),
  /** Flagged tools under this scope; the most specific scope that sets it decides. */
  flagged: flaggedRuleSchema.optional(),
});
export type ServerScope = z.infer<typeof serverScopeSchema>;

export const clientScopeSchema = serverScopeSchema.extend({
  servers: z.record(z.string().min(1), serverScopeSchema).optional(),
});

export const policyDocumentSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal('1'),
  /**
   * The hosted shape's list of hidden tools (names or globs; `*` hides every tool): left out of
   * tools/list and denied, before any rule is tried.
   */
  hide: z.array(z.string().min(1).max(500)).max(1000).optional(),
  name: z.string().max(200).optional(),
  description: z.string().max(5000).optional(),
  default: defaultActionSchema,
  /** Said when `default` decides. */
  reason: z.string().max(1000).optional(),
  tools: toolsSchema.default({}),
  /** Limits over every tool. */
  all_tools: allToolsSchema.optional(),
  /** Flagged tools (see `flaggedRuleSchema`). */
  flagged: flaggedRuleSchema.optional(),
  /** Rules for one server (by its name in the client config); they beat top-level rules. */
  servers: z.record(z.string().min(1), serverScopeSchema).optional(),
  /** Rules for one client (claude-desktop, cursor, …), optionally narrowed to its servers. */
  clients: z.record(z.string().min(1), clientScopeSchema).optional(),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
/** A document as written: fields with defaults may be left out. */
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

/** What a fresh install runs: observe everything, block nothing, until the person sets a policy. */
export const defaultPolicy: PolicyDocument = { version: '1', default: 'allow', tools: {} };
/** Revision 0: the built-in default, before anything was saved. */
export const defaultPolicyText = `${JSON.stringify(defaultPolicy, null, 2)}\n`;

/**
 * Who made a revision, as its `source` starts (`dashboard: rule tools.echo`, `command line: import
 * policy.json`, `approval in the dashboard: always allow …`). The gateway writes who from the way
 * the change came in, never from what the caller says about itself.
 */
export const revisionActors = {
  dashboard: 'dashboard',
  desktop: 'desktop app',
  cli: 'command line',
} as const;
export type RevisionActor = keyof typeof revisionActors;

export function revisionSource(by: RevisionActor, what: string): string {
  return `${revisionActors[by]}: ${what}`;
}

/** `by`: the way the answer came in (a `RevisionActor`). */
export function approvalSource(by: string, what: string): string {
  const actor = Object.hasOwn(revisionActors, by) ? revisionActors[by as RevisionActor] : by;
  return `approval in the ${actor}: ${what}`;
}

/** A revision's `source` as who and what; revisions saved before this convention have no who. */
export function readRevisionSource(source: string): { by: string | undefined; what: string } {
  const match =
    /^(dashboard|desktop app|command line|approval in the (?:dashboard|desktop app|command line)): (.*)$/s.exec(
      source,
    );
  return match ? { by: match[1], what: match[2]! } : { by: undefined, what: source };
}

export const decisionActionSchema = z.enum(['allow', 'deny', 'approve']);

export const limitStateSchema = z.object({
  /** Where the limit is written, e.g. `tools.write_file.limits[0]`. */
  rule: z.string(),
  counter: z.string(),
  scope: limitScopeSchema,
  max: z.number().int(),
  windowSeconds: z.number().int(),
  /** Calls counted in the current window, before this one. */
  used: z.number().int(),
  /** Seconds until a call would be counted again (only when over the limit). */
  retryAfterSeconds: z.number().optional(),
});
export type LimitState = z.infer<typeof limitStateSchema>;

export const policyDecisionSchema = z.object({
  action: decisionActionSchema,
  /** Where in the document the decision came from, e.g. `servers.github.tools.get_*` or `default`. */
  rule: z.string(),
  reason: z.string().optional(),
  /** The tool is hidden from tools/list. */
  hidden: z.boolean().optional(),
  /** The limit that decided, when one did (over it: denied or sent for approval). */
  limit: limitStateSchema.optional(),
});
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

/**
 * Where a rule is written, as data, so a page can open exactly that rule: the scope (`client`,
 * `server`, both, or neither for the top level), the entry's key (a name or a glob), and its index
 * when the entry is a list of rules. Rule paths like `clients.cursor.tools.x[1]` say the same for
 * people, but names may hold dots, so they cannot be read back.
 */
export const ruleLocationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rule'),
    client: z.string().optional(),
    server: z.string().optional(),
    /** The entry's key: the tool's name, or a glob covering it. */
    tool: z.string(),
    index: z.number().int().optional(),
  }),
  /** No rule names the tool: the default of this scope decides. */
  z.object({ kind: z.literal('default'), client: z.string().optional(), server: z.string().optional() }),
  /** The top-level `hide` list. */
  z.object({ kind: z.literal('hide'), index: z.number().int() }),
]);
export type RuleLocation = z.infer<typeof ruleLocationSchema>;

/**
 * The rule that governs a tool for one client's server, as the policy says it, not as this moment
 * decides: a rule over its limit is still an allow. It is the rule a call whose arguments no `when`
 * picks would meet, with every limit that would count the call and how full each is now.
 */
export const toolPolicySchema = z.object({
  action: z.enum(ruleActions),
  /** Where it is, as rules are named: `tools.write_file`, `servers.fs.tools.*`, `default`, `hide[0]`. */
  rule: z.string(),
  at: ruleLocationSchema,
  reason: z.string().optional(),
  /** Rules with `when` conditions tried before it, for calls whose arguments they match. */
  conditional: z.number().int(),
  limits: z.array(limitStateSchema),
});
export type ToolPolicy = z.infer<typeof toolPolicySchema>;

/** One problem in a policy document, located by JSON pointer (RFC 6901). */
export const policyIssueSchema = z.object({ pointer: z.string(), message: z.string() });
export type PolicyIssue = z.infer<typeof policyIssueSchema>;
