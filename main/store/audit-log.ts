import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import {
  auditQuerySchema,
  type AuditEntry,
  type AuditQuery,
  type AuditRow,
  type AuditVerifyResult,
} from '../../shared/audit';
import { redactText } from '../redact';

const GENESIS = '0'.repeat(64);

interface AuditLogOptions {
  /** How long a row may wait in memory before it is written with its neighbours. */
  flushDelayMs?: number;
  /** Called after rows are committed, with the newest id. */
  onFlushed?: (lastId: number) => void;
}

/**
 * The audit log: one row per tool call or admin event, hash-chained so `audit verify` can detect
 * edits and deletions. Calls are queued and written in batches off the call's hot path; a row is
 * durable (WAL) once `flush` has returned.
 */
export class AuditLog {
  private queue: AuditEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly insert: Statement;
  private readonly lastHash: Statement<[], { hash: string }>;
  private readonly flushDelayMs: number;
  private readonly onFlushed: ((lastId: number) => void) | undefined;

  constructor(
    private readonly db: Database,
    options: AuditLogOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 20;
    this.onFlushed = options.onFlushed;
    this.insert = db.prepare(`
      INSERT INTO audit (ts, kind, event, client, server, tool, args, decision, rule, reason, latency_ms,
                         is_error, result_bytes, error, session_id, detail, shadow, prev_hash, hash)
      VALUES (@ts, @kind, @event, @client, @server, @tool, @args, @decision, @rule, @reason, @latencyMs,
              @isError, @resultBytes, @error, @sessionId, @detail, @shadow, @prevHash, @hash)`);
    this.lastHash = db.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1');
  }

  /** Queue a row; it is written within `flushDelayMs`. */
  append(entry: AuditEntry): void {
    this.queue.push(withoutSecrets(entry));
    this.timer ??= setTimeout(() => this.flush(), this.flushDelayMs);
  }

  /** Write a row now (admin events, CLI commands that exit right after). */
  appendNow(entry: AuditEntry): void {
    this.queue.push(withoutSecrets(entry));
    this.flush();
  }

  /** Write everything queued in one transaction. Returns the number of rows written. */
  flush(): number {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return 0;
    const rows = this.queue;
    this.queue = [];
    let lastId = 0;
    // IMMEDIATE takes the write lock before reading the chain's tail, so two processes writing at
    // once (the gateway and a CLI command) cannot fork the chain.
    this.db
      .transaction(() => {
        let prevHash = this.lastHash.get()?.hash ?? GENESIS;
        for (const entry of rows) {
          const hash = chainHash(prevHash, entry);
          const info = this.insert.run({
            ...entry,
            shadow: entry.shadow ?? null,
            isError: toInt(entry.isError),
            prevHash,
            hash,
          });
          lastId = Number(info.lastInsertRowid);
          prevHash = hash;
        }
      })
      .immediate();
    this.onFlushed?.(lastId);
    return rows.length;
  }

  query(input: AuditQuery): AuditRow[] {
    const q = auditQuerySchema.parse(input);
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit };
    const equals = { kind: q.kind, client: q.client, server: q.server, tool: q.tool, decision: q.decision };
    for (const [column, value] of Object.entries(equals)) {
      if (value === undefined) continue;
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
    const bounds = {
      beforeId: ['id <', q.beforeId],
      afterId: ['id >', q.afterId],
      since: ['ts >=', q.since],
    } as const;
    for (const [name, [test, value]] of Object.entries(bounds)) {
      if (value === undefined) continue;
      where.push(`${test} @${name}`);
      params[name] = value;
    }
    // Following (afterId) reads forwards; everything else shows the newest first.
    const order = q.afterId !== undefined ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order} LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as DbRow[]).map(fromDb);
  }

  /** Tool-call rows since a time, oldest first, read lazily (for replaying a draft policy). */
  callsSince(since: number): Iterable<AuditRow> {
    const rows = this.db
      .prepare("SELECT * FROM audit WHERE kind = 'call' AND ts >= ? ORDER BY id ASC")
      .iterate(since) as Iterable<DbRow>;
    return (function* () {
      for (const row of rows) yield fromDb(row);
    })();
  }

  lastId(): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM audit').get() as { id: number | null };
    return row.id ?? 0;
  }

  /** Recompute the chain from the first row; report the first row that does not match. */
  verify(): AuditVerifyResult {
    let prevHash = GENESIS;
    let rows = 0;
    for (const raw of this.db.prepare('SELECT * FROM audit ORDER BY id ASC').iterate() as Iterable<DbRow>) {
      const row = fromDb(raw);
      if (raw.prev_hash !== prevHash || chainHash(prevHash, row) !== row.hash) {
        return {
          ok: false,
          rows,
          brokenAt: row.id,
          message: `The audit log was altered: row ${row.id} does not match the chain (a row was edited, removed or inserted).`,
        };
      }
      prevHash = row.hash;
      rows++;
    }
    return { ok: true, rows, message: `All ${rows} audit rows verified.` };
  }

  close(): void {
    this.flush();
  }
}

/**
 * Whoever writes a row, its free text (a server's error, an approver's reason, an admin event's
 * detail) is searched for secrets here, before it is hashed and stored. `args` arrives redacted
 * already, by name as well as by shape (main/redact), which text alone cannot do.
 */
function withoutSecrets(entry: AuditEntry): AuditEntry {
  const text = (value: string | null) => (value === null ? null : redactText(value));
  return { ...entry, reason: text(entry.reason), error: text(entry.error), detail: text(entry.detail) };
}

function chainHash(prevHash: string, e: AuditEntry): string {
  // Columns added by later migrations join the hash only when set, so older rows still verify.
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
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

function toInt(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

interface DbRow {
  id: number;
  ts: number;
  kind: 'call' | 'admin';
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
  prev_hash: string;
  hash: string;
}

function fromDb(r: DbRow): AuditRow {
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
    hash: r.hash,
  };
}
