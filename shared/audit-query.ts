import { z } from 'zod';
import { auditKindSchema, decisionSchema, outcomeSchema } from './audit';

/**
 * Which rows: the same filters for the page, the count, the export and `portcullis audit`. Every
 * filter narrows; text is full-text search over tool, arguments, result preview, reasons, error
 * text and admin details (words, in any order; `word*` matches a prefix).
 */
export const auditFilterSchema = z.strictObject({
  kind: auditKindSchema.optional(),
  client: z.string().min(1).max(500).optional(),
  server: z.string().min(1).max(500).optional(),
  tool: z.string().min(1).max(500).optional(),
  decision: decisionSchema.optional(),
  /** One outcome, or any of several (`denied` + `rejected` + `rate_limited`: every denial). */
  outcome: z
    .union([outcomeSchema, z.array(outcomeSchema).min(1).max(outcomeSchema.options.length)])
    .optional(),
  sessionId: z.string().min(1).max(200).optional(),
  /** Milliseconds since the epoch, inclusive. */
  since: z.number().optional(),
  /** Milliseconds since the epoch, exclusive. */
  until: z.number().optional(),
  text: z.string().max(500).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditQuerySchema = auditFilterSchema.extend({
  limit: z.number().int().min(1).max(5000).default(100),
  /** Rows with a smaller id than this, newest first (the next page down). */
  beforeId: z.number().int().optional(),
  /** Rows with a larger id than this, oldest first (following). */
  afterId: z.number().int().optional(),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

/**
 * How many rows a filter matches, over the whole log (not only the rows loaded). Exact, except for
 * a text search matching more than `AUDIT_SEARCH_COUNT_CAP` rows: then `total` is the cap and
 * `exact` is false ("more than 10,000"), because counting every match of a common word in a
 * million rows would hold up the gateway.
 */
export const auditCountSchema = z.object({ total: z.number().int(), exact: z.boolean() });
export const AUDIT_SEARCH_COUNT_CAP = 10_000;

/** One row: by its id, or by the Live page's call id. */
export const auditGetSchema = z.union([
  z.strictObject({ id: z.number().int().min(1) }),
  z.strictObject({ callId: z.string().min(1).max(200) }),
]);

/** The values the filter pickers offer: what the log holds, most used first. */
export const auditFacetsSchema = z.object({
  clients: z.array(z.string()),
  servers: z.array(z.string()),
  tools: z.array(z.object({ server: z.string(), tool: z.string() })),
  outcomes: z.array(outcomeSchema),
  /** Admin events recorded (`policy.saved`, `client.connected`, …). */
  events: z.array(z.string()),
});
export type AuditFacets = z.infer<typeof auditFacetsSchema>;

export const auditOverviewArgsSchema = z
  .strictObject({ since: z.number(), until: z.number() })
  .refine((range) => range.until > range.since, { message: 'until must be after since', path: ['until'] });

const countsByOutcome = z.partialRecord(outcomeSchema, z.number().int());

export const auditOverviewSchema = z.object({
  since: z.number(),
  until: z.number(),
  /** Width of each bucket of `series`, in milliseconds. */
  bucketMs: z.number().int(),
  /** Tool calls in the range. */
  calls: z.number().int(),
  byOutcome: countsByOutcome,
  /** Calls recorded before outcomes were kept, which have none. */
  withoutOutcome: z.number().int(),
  /** Calls by outcome over time, oldest bucket first; buckets start at `start`. */
  series: z.array(z.object({ start: z.number(), counts: countsByOutcome })),
  topTools: z.array(z.object({ server: z.string(), tool: z.string(), calls: z.number().int() })),
  clients: z.array(z.object({ client: z.string(), calls: z.number().int() })),
  /** Every server with calls, slowest (by mean latency) first. */
  servers: z.array(
    z.object({
      server: z.string(),
      calls: z.number().int(),
      /** Calls the server failed: its own errors and timeouts. */
      errors: z.number().int(),
      meanLatencyMs: z.number().nullable(),
      maxLatencyMs: z.number().nullable(),
    }),
  ),
  /** Now, not in the range: calls at their servers, and calls waiting for the person. */
  running: z.number().int(),
  waiting: z.number().int(),
});
export type AuditOverview = z.infer<typeof auditOverviewSchema>;

export const auditExportFormatSchema = z.enum(['jsonl', 'csv']);
export type AuditExportFormat = z.infer<typeof auditExportFormatSchema>;

/**
 * The streamed export: `GET <auditExportPath>?format=jsonl&filter=<JSON of an AuditFilter>`, with the
 * same login as the API (the dashboard's cookie, or the CLI's Bearer token). Oldest row first.
 */
export const auditExportPath = '/api/export/audit';

export function auditExportUrl(filter: AuditFilter, format: AuditExportFormat): string {
  const params = new URLSearchParams({ format, filter: JSON.stringify(filter) });
  return `${auditExportPath}?${params.toString()}`;
}
