import { z } from 'zod';
import { classificationSchema } from './tools';

/** The four answers: Allow once / Allow for this session / Always allow (writes a rule) / Deny. */
export const approvalScopeSchema = z.enum(['once', 'session', 'always']);
export type ApprovalScope = z.infer<typeof approvalScopeSchema>;

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
});
