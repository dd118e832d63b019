import { z } from 'zod';

/**
 * The policy document (DESIGN §5). This is the first slice: a default and per-tool allow/deny with a
 * reason. Objects are strict so that a feature the engine does not implement yet (limits, approve,
 * conditions) is refused with a pointed error instead of being silently ignored.
 */
export const policyActionSchema = z.enum(['allow', 'deny']);

export const toolRuleSchema = z.strictObject({
  action: policyActionSchema.optional(),
  reason: z.string().max(1000).optional(),
});

export const policyDocumentSchema = z.strictObject({
  version: z.literal('1'),
  default: policyActionSchema,
  tools: z.record(z.string().min(1), toolRuleSchema).default({}),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** What a fresh install runs: observe everything, block nothing, until the person sets a policy. */
export const defaultPolicy: PolicyDocument = { version: '1', default: 'allow', tools: {} };

export const policyDecisionSchema = z.object({
  action: policyActionSchema,
  /** Where in the document the decision came from, e.g. `tools.echo` or `default`. */
  rule: z.string(),
  reason: z.string().optional(),
});
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

/** One problem in a policy document, located by JSON pointer (RFC 6901). */
export const policyIssueSchema = z.object({ pointer: z.string(), message: z.string() });
export type PolicyIssue = z.infer<typeof policyIssueSchema>;
