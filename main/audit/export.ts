import { csvField } from '../../shared/csv';
import { ApiError } from '../../shared/api';
import { describeOutcome, type AuditRow } from '../../shared/audit';
import {
  auditExportFormatSchema,
  auditFilterSchema,
  type AuditExportFormat,
  type AuditFilter,
} from '../../shared/audit-query';
import type { AuditLog } from '../store/audit-log';
import { describeZodError } from '../api/dispatch';

/**
 * Exports of the audit log, streamed a chunk at a time: JSONL (one row per line, exactly as the
 * API returns rows) and CSV (for spreadsheets). Both open with the chain's checkpoint and anchor,
 * so an export carries its own witness of the log's head at the time it was taken.
 */
export async function* exportAudit(
  audit: AuditLog,
  filter: AuditFilter,
  format: AuditExportFormat,
  options: { throughId?: number; now?: number } = {},
): AsyncGenerator<string> {
  const lastId = Math.min(audit.lastId(), options.throughId ?? Infinity);
  const header = {
    kind: 'export' as const,
    version: 1,
    exportedAt: options.now ?? Date.now(),
    filter,
    checkpoint: audit.checkpointed() ?? null,
    anchor: audit.anchor() ?? null,
    lastId,
  };
  if (format === 'jsonl') {
    yield `${JSON.stringify(header)}\n`;
    for await (const rows of audit.rows(filter, lastId)) yield exportRows(rows, format);
    return;
  }
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  if (header.checkpoint) {
    const { id, hash, at } = header.checkpoint;
    yield csvLine({
      id,
      time: new Date(at).toISOString(),
      ts: at,
      kind: 'checkpoint',
      hash,
      detail: `chain head as checkpointed; log ends at #${header.lastId}`,
    });
  }
  if (header.anchor) {
    const { throughId, hash, prunedAt } = header.anchor;
    yield csvLine({
      id: throughId,
      time: new Date(prunedAt).toISOString(),
      ts: prunedAt,
      kind: 'anchor',
      hash,
      detail: 'rows up to here were removed by retention',
    });
  }
  for await (const rows of audit.rows(filter, lastId)) yield exportRows(rows, format);
}

/** Rows as lines of an export (after its header). */
export function exportRows(rows: AuditRow[], format: AuditExportFormat): string {
  return format === 'jsonl'
    ? rows.map((r) => `${JSON.stringify(r)}\n`).join('')
    : rows.map((r) => csvLine(csvRecord(r))).join('');
}

/** Export arguments as they arrive in a URL: `format` and `filter` (JSON of an AuditFilter). */
export function parseExportParams(params: URLSearchParams): {
  format: AuditExportFormat;
  filter: AuditFilter;
  throughId?: number;
} {
  const format = auditExportFormatSchema.safeParse(params.get('format') ?? 'jsonl');
  if (!format.success) throw new ApiError('invalid_argument', 'format must be jsonl or csv.');
  let raw: unknown = {};
  const text = params.get('filter');
  if (text) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ApiError('invalid_argument', 'filter is not JSON.');
    }
  }
  const filter = auditFilterSchema.safeParse(raw);
  if (!filter.success) {
    throw new ApiError('invalid_argument', `Invalid export filter: ${describeZodError(filter.error)}`);
  }
  const through = params.get('through');
  if (through !== null && !/^\d{1,15}$/.test(through))
    throw new ApiError('invalid_argument', 'through must be a row id.');
  return {
    format: format.data,
    filter: filter.data,
    ...(through === null ? {} : { throughId: Number(through) }),
  };
}

export function exportFilename(format: AuditExportFormat, now = Date.now()): string {
  return `portcullis-audit-${new Date(now).toISOString().replace(/[:.]/g, '-')}.${format}`;
}

export const exportContentTypes: Record<AuditExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

const CSV_COLUMNS = [
  'id',
  'time',
  'ts',
  'kind',
  'event',
  'client',
  'server',
  'tool',
  'decision',
  'outcome',
  'outcome_text',
  'rule',
  'reason',
  'approver',
  'scope',
  'latency_ms',
  'result_bytes',
  'is_error',
  'error',
  'result_preview',
  'args',
  'session_id',
  'call_id',
  'detail',
  'shadow',
  'prev_hash',
  'hash',
] as const;
type CsvRecord = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null>>;

function csvRecord(r: AuditRow): CsvRecord {
  return {
    id: r.id,
    time: new Date(r.ts).toISOString(),
    ts: r.ts,
    kind: r.kind,
    event: r.event,
    client: r.client,
    server: r.server,
    tool: r.tool,
    decision: r.decision,
    outcome: r.outcome,
    outcome_text: r.kind === 'call' ? describeOutcome(r) : null,
    rule: r.rule,
    reason: r.reason,
    approver: r.approver,
    scope: r.scope,
    latency_ms: r.latencyMs,
    result_bytes: r.resultBytes,
    is_error: r.isError,
    error: r.error,
    result_preview: r.resultPreview,
    args: r.args,
    session_id: r.sessionId,
    call_id: r.callId,
    detail: r.detail,
    shadow: r.shadow,
    prev_hash: r.prevHash,
    hash: r.hash,
  };
}

function csvLine(record: CsvRecord): string {
  return `${CSV_COLUMNS.map((c) => csvField(record[c])).join(',')}\r\n`;
}
