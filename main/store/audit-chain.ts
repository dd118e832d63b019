import { createHash } from 'node:crypto';
import type { AuditEntry, AuditRow } from '../../shared/audit';

export const GENESIS = '0'.repeat(64);

/**
 * A row's hash: the previous row's hash and every field of this one. Columns added by later
 * migrations join the hash only when set, so rows written before them still verify: `shadow` (2),
 * then the outcome columns (4) as one tagged object, so no two shapes can hash alike.
 */
export function chainHash(prevHash: string, e: AuditEntry): string {
  const fields: unknown[] = [
    e.ts,
    e.kind,
    e.event,
    e.client,
    e.server,
    e.tool,
    e.args,
    e.decision,
    e.rule,
    e.reason,
    e.latencyMs,
    e.isError,
    e.resultBytes,
    e.error,
    e.sessionId,
    e.detail,
  ];
  if (e.shadow != null) fields.push(e.shadow);
  const outcome = {
    outcome: e.outcome ?? null,
    approver: e.approver ?? null,
    scope: e.scope ?? null,
    resultPreview: e.resultPreview ?? null,
    callId: e.callId ?? null,
  };
  if (Object.values(outcome).some((v) => v !== null)) fields.push({ v: 4, ...outcome });
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** A row as SQLite returns it. */
export interface DbRow {
  id: number;
  ts: number;
  kind: AuditRow['kind'];
  event: string;
  client: string | null;
  server: string | null;
  tool: string | null;
  args: string | null;
  decision: AuditRow['decision'];
  rule: string | null;
  reason: string | null;
  latency_ms: number | null;
  is_error: number | null;
  result_bytes: number | null;
  error: string | null;
  session_id: string | null;
  detail: string | null;
  shadow: string | null;
  outcome: AuditRow['outcome'];
  approver: string | null;
  scope: AuditRow['scope'];
  result_preview: string | null;
  call_id: string | null;
  prev_hash: string;
  hash: string;
}

export function fromDb(r: DbRow): AuditRow {
  return {
    id: r.id,
    ts: r.ts,
    kind: r.kind,
    event: r.event,
    client: r.client,
    server: r.server,
    tool: r.tool,
    args: r.args,
    decision: r.decision,
    rule: r.rule,
    reason: r.reason,
    latencyMs: r.latency_ms,
    isError: r.is_error === null ? null : r.is_error === 1,
    resultBytes: r.result_bytes,
    error: r.error,
    sessionId: r.session_id,
    detail: r.detail,
    shadow: r.shadow,
    outcome: r.outcome,
    approver: r.approver,
    scope: r.scope,
    resultPreview: r.result_preview,
    callId: r.call_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Named parameters for the insert statement. */
export function toDb(entry: AuditEntry, prevHash: string, hash: string): Record<string, unknown> {
  return {
    ...entry,
    isError: entry.isError === null ? null : entry.isError ? 1 : 0,
    shadow: entry.shadow ?? null,
    outcome: entry.outcome ?? null,
    approver: entry.approver ?? null,
    scope: entry.scope ?? null,
    resultPreview: entry.resultPreview ?? null,
    callId: entry.callId ?? null,
    prevHash,
    hash,
  };
}

export const INSERT_SQL = `
  INSERT INTO audit (ts, kind, event, client, server, tool, args, decision, rule, reason, latency_ms,
                     is_error, result_bytes, error, session_id, detail, shadow, outcome, approver, scope,
                     result_preview, call_id, prev_hash, hash)
  VALUES (@ts, @kind, @event, @client, @server, @tool, @args, @decision, @rule, @reason, @latencyMs,
          @isError, @resultBytes, @error, @sessionId, @detail, @shadow, @outcome, @approver, @scope,
          @resultPreview, @callId, @prevHash, @hash)`;
