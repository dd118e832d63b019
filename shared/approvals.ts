import { z } from 'zod';
import { toolEntrySchema } from './policy';
import { classificationSchema } from './tools';

/** The four answers: Allow once / Allow for this session / Always allow (writes a rule) / Deny. */
export const approvalScopeSchema = z.enum(['once', 'session', 'always']);
export type ApprovalScope = z.infer<typeof approvalScopeSchema>;

/** An answer that is not offered for a call, and why (said on the card and by the CLI). */
const notOfferedSchema = z.object({ offered: z.literal(false), why: z.string() });

/**
 * Exactly what "Always allow" writes, planned from the policy when the call started waiting. The
 * same plan is made again when the person answers; if it came out different, nothing is written.
 */
export const alwaysGrantSchema = z.discriminatedUnion('offered', [
  z.object({
    offered: z.literal(true),
    /** The policy revision it was planned against. */
    revision: z.number().int(),
    /** Where the entry is written, e.g. `clients.cursor.servers.fs.tools.write_file`. */
    path: z.string(),
    /** The whole entry written there: the new allow rule is the last one. */
    entry: toolEntrySchema,
    /** The rule that asked, when the new rule takes its place. */
    replaces: z.string().optional(),
    /** Rules copied from broader places ahead of the new one, so that they still decide first for this tool. */
    kept: z.array(z.string()),
  }),
  notOfferedSchema,
]);
export type AlwaysGrant = z.infer<typeof alwaysGrantSchema>;

/** What "Allow for this session" covers: calls that the same rule sends for approval, in this session. */
export const sessionGrantSchema = z.discriminatedUnion('offered', [
  z.object({ offered: z.literal(true), covers: z.string() }),
  notOfferedSchema,
]);

export const approvalGrantsSchema = z.object({ always: alwaysGrantSchema, session: sessionGrantSchema });
export type ApprovalGrants = z.infer<typeof approvalGrantsSchema>;

/** `path: {"action":"allow",…}`: the rule "Always allow" writes, on one line. */
export function describeAlways(grant: AlwaysGrant & { offered: true }): string {
  return `${grant.path}: ${JSON.stringify(grant.entry)}`;
}

/** A call waiting for the person. */
export const approvalSchema = z.object({
  id: z.string(),
  /** The live call it holds (same id as on the Live page). */
  callId: z.string(),
  sessionId: z.string(),
  client: z.string(),
  /** The client program that asked, as it named itself in initialize (e.g. "claude-ai 0.1"). */
  askedBy: z.string().optional(),
  server: z.string(),
  tool: z.string(),
  /** The arguments as JSON text, secrets redacted. */
  args: z.string(),
  risk: classificationSchema,
  /** The rule that asked for approval, and what it says. */
  rule: z.string(),
  reason: z.string().optional(),
  requestedAt: z.number(),
  /** What each allow answer grants beyond this call, said before the person chooses. */
  grants: approvalGrantsSchema,
  /** Milliseconds since the epoch: no answer by then means deny. */
  deadline: z.number(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const approvalAnswerSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    id: z.string().min(1),
    decision: z.literal('allow'),
    scope: approvalScopeSchema.default('once'),
  }),
  z.strictObject({
    id: z.string().min(1),
    decision: z.literal('deny'),
    reason: z.string().max(1000).optional(),
  }),
]);

export const approvalOutcomeSchema = z.object({
  allow: z.boolean(),
  reason: z.string(),
  /** `dashboard`, `cli`, `desktop`, `timeout`, `session grant`, `withdrawn`. */
  by: z.string(),
  /** What an allow answer covers. */
  scope: approvalScopeSchema.optional(),
});
