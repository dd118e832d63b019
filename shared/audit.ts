import { z } from 'zod';

export const auditKindSchema = z.enum(['call', 'admin']);

/**
 * How a call was decided, as recorded. A rate-limited call is `deny` with the limit as its rule;
 * `approve` is a call that waited for the person (its outcome is in `reason` and `error`).
 */
export const decisionSchema = z.enum(['allow', 'deny', 'approve']);
export type Decision = z.infer<typeof decisionSchema>;

export const auditRowSchema = z.object({
  id: z.number().int(),
  /** Milliseconds since the epoch. */
  ts: z.number(),
  kind: auditKindSchema,
  /** For admin rows: what happened (`policy.saved`, `client.connected`, …). For calls: `tools/call`. */
  event: z.string(),
  client: z.string().nullable(),
  server: z.string().nullable(),
  tool: z.string().nullable(),
  /** The call's arguments as JSON text, secrets already redacted. */
  args: z.string().nullable(),
  decision: decisionSchema.nullable(),
  rule: z.string().nullable(),
  reason: z.string().nullable(),
  latencyMs: z.number().nullable(),
  isError: z.boolean().nullable(),
  resultBytes: z.number().int().nullable(),
  error: z.string().nullable(),
  sessionId: z.string().nullable(),
  detail: z.string().nullable(),
  /** What a draft policy in shadow mode would have decided (JSON: action, rule, reason), when one ran. */
  shadow: z.string().nullable(),
  hash: z.string(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

/** A row before the store gives it an id and a place in the hash chain. */
export type AuditEntry = Omit<AuditRow, 'id' | 'hash' | 'shadow'> & { shadow?: string | null };

export const auditQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(5000).default(100),
  /** Rows with a smaller id than this (paging backwards). */
  beforeId: z.number().int().optional(),
  /** Rows with a larger id than this (following). */
  afterId: z.number().int().optional(),
  /** Milliseconds since the epoch. */
  since: z.number().optional(),
  kind: auditKindSchema.optional(),
  client: z.string().optional(),
  server: z.string().optional(),
  tool: z.string().optional(),
  decision: decisionSchema.optional(),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  /** The first row whose hash does not match, when the chain is broken. */
  brokenAt: z.number().int().optional(),
  message: z.string(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;
