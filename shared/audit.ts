import { z } from 'zod';
import { approvalScopeSchema } from './approvals';

export const auditKindSchema = z.enum(['call', 'admin']);

/**
 * How a call was decided, as recorded. A rate-limited call is `deny` with the limit as its rule;
 * `approve` is a call that waited for the person (how that ended is its `outcome`).
 */
export const decisionSchema = z.enum(['allow', 'deny', 'approve']);
export type Decision = z.infer<typeof decisionSchema>;

/**
 * How a call ended: one vocabulary for the audit log, its filters, the Live page and the CLI. A
 * call the server answered with an error is `server_error` whoever let it through (the approver
 * and scope columns still say who did).
 */
export const outcomeSchema = z.enum([
  'allowed',
  'approved',
  'denied',
  'rejected',
  'rate_limited',
  'approval_timeout',
  'withdrawn',
  'refused',
  'timed_out',
  'server_error',
  'portcullis_error',
  'unknown',
]);
export type Outcome = z.infer<typeof outcomeSchema>;

/** The words for each outcome, everywhere a person reads one. */
export const outcomeLabels: Record<Outcome, string> = {
  allowed: 'allowed by a rule',
  approved: 'allowed by the person',
  denied: 'denied by a rule',
  rejected: 'denied by the person',
  rate_limited: 'over a rate limit',
  approval_timeout: 'not approved in time',
  withdrawn: 'withdrawn',
  refused: 'refused',
  timed_out: 'timed out',
  server_error: "the server's error",
  portcullis_error: 'a Portcullis error',
  unknown: 'outcome unknown',
};

/** What each outcome means, for a tooltip or `--help`. */
export const outcomeDescriptions: Record<Outcome, string> = {
  allowed: 'The policy let the call through and the server answered it.',
  approved: 'The call waited for the person, who allowed it (once, for the session, or always).',
  denied: 'A rule denied the call; it never reached the server.',
  rejected: 'The call waited for the person, who denied it.',
  rate_limited: 'The call was over a rate limit and was denied.',
  approval_timeout: 'The call waited for the person and no answer came before the deadline.',
  withdrawn: 'The client cancelled the call or went away before it was answered.',
  refused: 'Portcullis refused a malformed message before any policy saw it.',
  timed_out: 'The server did not answer within callTimeoutSeconds.',
  server_error: 'The server answered with an error (its text is kept).',
  portcullis_error: 'Portcullis itself failed to decide or carry the call.',
  unknown: 'The gateway stopped while the call was at the server: it may have run.',
};

export const auditRowSchema = z.object({
  id: z.number().int(),
  /** Milliseconds since the epoch: when the call arrived, or when the admin event happened. */
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
  /** Why: the rule's reason, the person's reason for denying, or what the approval granted. */
  reason: z.string().nullable(),
  latencyMs: z.number().nullable(),
  isError: z.boolean().nullable(),
  resultBytes: z.number().int().nullable(),
  /** The server's error text, or what stopped the call. */
  error: z.string().nullable(),
  sessionId: z.string().nullable(),
  detail: z.string().nullable(),
  /** What a draft policy in shadow mode would have decided (JSON: action, rule, reason), when one ran. */
  shadow: z.string().nullable(),
  /** How the call ended (null for admin rows and for calls recorded before outcomes were kept). */
  outcome: outcomeSchema.nullable(),
  /**
   * Who answered the approval, when the call waited for one: where the person was (`dashboard`,
   * `desktop`, `popup`, `cli`), or `session grant` (an earlier "allow for this session").
   */
  approver: z.string().nullable(),
  /** What an allow answer covered: once, this session, or always (a policy rule). */
  scope: approvalScopeSchema.nullable(),
  /** The start of the result the server sent, redacted and capped, for reading (not the whole result). */
  resultPreview: z.string().nullable(),
  /** The call's id on the Live page (links a live row to its audit row). */
  callId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

type Optional = 'shadow' | 'outcome' | 'approver' | 'scope' | 'resultPreview' | 'callId';
/** A row before the store gives it an id and a place in the hash chain. */
export type AuditEntry = Omit<AuditRow, 'id' | 'hash' | 'prevHash' | Optional> &
  Partial<Pick<AuditRow, Optional>>;

/**
 * One line that says how a call ended, in the shared words: `denied by the person (from the
 * dashboard): not today`, `allowed by the person (this session, from the popup)`, `the server's
 * error: -32602 bad path`. Admin rows and older rows without an outcome read as their event.
 */
export function describeOutcome(
  row: Pick<AuditRow, 'outcome' | 'approver' | 'scope' | 'reason' | 'error' | 'event'>,
): string {
  if (!row.outcome) return row.event;
  const label = outcomeLabels[row.outcome];
  const from = row.approver && row.approver !== 'session grant' ? `from the ${row.approver}` : row.approver;
  const scope = row.scope ? scopeWords[row.scope] : undefined;
  const how = [scope, from].filter(Boolean).join(', ');
  const head = how ? `${label} (${how})` : label;
  const why =
    row.outcome === 'rejected' || row.outcome === 'denied' || row.outcome === 'rate_limited'
      ? row.reason
      : row.outcome === 'allowed' || row.outcome === 'approved'
        ? null
        : row.error;
  return why ? `${head}: ${why}` : head;
}

const scopeWords = { once: 'once', session: 'this session', always: 'always' } as const;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  /** The first row whose hash does not match, when the chain is broken. */
  brokenAt: z.number().int().optional(),
  message: z.string(),
  /** The chain's head as checked against the checkpoint kept outside the database. */
  checkpoint: z
    .object({ id: z.number().int(), hash: z.string(), at: z.number(), matched: z.boolean() })
    .optional(),
  /** Rows before this id were removed by retention; the chain is verified from the anchor. */
  prunedThrough: z.number().int().optional(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifySchema>;

/** An admin event (policy saved, client connected, …) as an audit row: no call, just what happened. */
export function adminEntry(event: string, detail: string, client: string | null = null): AuditEntry {
  return {
    ts: Date.now(),
    kind: 'admin',
    event,
    client,
    server: null,
    tool: null,
    args: null,
    decision: null,
    rule: null,
    reason: null,
    latencyMs: null,
    isError: null,
    resultBytes: null,
    error: null,
    sessionId: null,
    detail,
  };
}
