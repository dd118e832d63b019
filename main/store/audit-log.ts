import type { Database, Statement } from 'better-sqlite3';
import { ApiError } from '../../shared/api';
import { redactText } from '../redact';
import type { AuditEntry, AuditRow, AuditVerifyResult } from '../../shared/audit';
import {
  AUDIT_SEARCH_COUNT_CAP,
  auditFilterSchema,
  auditQuerySchema,
  type AuditFacets,
  type AuditFilter,
  type AuditOverview,
  type AuditQuery,
} from '../../shared/audit-query';
import { chainHash, fromDb, GENESIS, INSERT_SQL, toDb, type DbRow } from './audit-chain';
import type { CheckpointStore } from './audit-checkpoint';
import type { InFlightJournal } from './audit-inflight';
import { filterSql, fromWhere, idColumn, type FilterSql } from './audit-filter';
import { HourIds } from './audit-hours';
import { auditFacets, auditOverview } from './audit-overview';
import { pruneAudit, type Retention } from './audit-retention';
import { AuditRollup } from './audit-rollup';
import { SearchIndex } from './audit-search';
import { readAnchor, verifyAudit, type Anchor } from './audit-verify';

interface AuditLogOptions {
  /** How long a row may wait in memory before it is written with its neighbours. */
  flushDelayMs?: number;
  /** Called after rows are committed, with the newest id. */
  onFlushed?: (lastId: number) => void;
  /** Where the chain's head is kept outside the database (none for an in-memory test store). */
  checkpoints?: CheckpointStore;
  /** Where calls in flight are recorded before they are forwarded (none for an in-memory test store). */
  journal?: InFlightJournal;
  /**
   * At most one checkpoint this often (0: after every batch). Writing the file (and renaming it into
   * place) costs more than a batch of rows, so a busy gateway checkpoints once a second, and always
   * when it closes.
   */
  checkpointEveryMs?: number;
  now?: () => number;
}

/** What a call that was at its server reads as when the gateway never learnt how it ended. */
export const UNKNOWN_ERROR = 'outcome unknown: the gateway stopped before the server answered';
const EXPORT_CHUNK = 1000;
/** How soon a batch that could not be written is tried again. */
const RETRY_MS = 1000;

/**
 * The audit log: one row per tool call or admin event, hash-chained so `audit verify` can detect
 * edits and deletions, with the chain's head checkpointed outside the database. Finished calls are
 * queued and written in batches off the call's hot path; a call forwarded to its server is first
 * recorded, synchronously, as in flight (`begin`), and that record leaves in the same transaction
 * that writes the call's row. A row is durable (WAL) once `flush` has returned.
 */
export class AuditLog {
  private queue: AuditEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly insert: Statement;
  private readonly lastHash: Statement<[], { id: number; hash: string }>;
  /** Calls an earlier version recorded as in flight in the database itself (migration 5). */
  private readonly endLegacyCall: Statement;
  private readonly journal: InFlightJournal | undefined;
  private readonly flushDelayMs: number;
  private readonly onFlushed: ((lastId: number) => void) | undefined;
  private readonly checkpoints: CheckpointStore | undefined;
  private readonly checkpointEveryMs: number;
  private checkpointDue: { id: number; hash: string } | undefined;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private lastCheckpointAt = -Infinity;
  private readonly now: () => number;
  private readonly rollup: AuditRollup;
  private readonly search: SearchIndex;
  private readonly hours: HourIds;
  /** Calls this writer recorded as in flight and has not yet written a row for. */
  private readonly begun = new Set<string>();

  constructor(
    private readonly db: Database,
    options: AuditLogOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 20;
    this.onFlushed = options.onFlushed;
    this.checkpoints = options.checkpoints;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 0;
    this.now = options.now ?? Date.now;
    this.insert = db.prepare(INSERT_SQL);
    this.lastHash = db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
    this.endLegacyCall = db.prepare(
      'DELETE FROM audit_inflight WHERE call_id IN (SELECT value FROM json_each(?))',
    );
    this.journal = options.journal;
    this.rollup = new AuditRollup(db);
    this.search = new SearchIndex(db);
    this.hours = new HourIds(db);
  }

  /**
   * A call is about to be forwarded: record, in the in-flight journal and with the OS before this
   * returns, the row it would have if the gateway died before it ended. Throws when it cannot be
   * recorded (the call must not run).
   */
  begin(entry: AuditEntry & { callId: string }): void {
    this.journal?.begin(entry.callId, JSON.stringify(entry));
    this.begun.add(entry.callId);
  }

  /** Calls this writer forwarded to their servers and has not yet recorded. */
  inFlight(): number {
    return this.begun.size;
  }

  /**
   * After a crash: every call still recorded as in flight reached its server and was never
   * recorded as ended. Write each as "outcome unknown". Returns how many there were.
   */
  recover(): number {
    const legacy = this.db
      .prepare('SELECT call_id AS callId, entry FROM audit_inflight ORDER BY started_at')
      .all() as { callId: string; entry: string }[];
    const recorded = this.db.prepare('SELECT 1 FROM audit WHERE call_id = ? LIMIT 1').pluck();
    // A call whose row was committed just before the crash, and whose journal line was not yet
    // cleared, ended: only the others are unknown.
    const left = [...legacy, ...(this.journal?.leftovers() ?? [])].filter(
      ({ callId }) => recorded.get(callId) === undefined,
    );
    const unique = new Map(left.map((l) => [l.callId, l.entry]));
    for (const [callId, entry] of unique) {
      this.begun.add(callId);
      this.queue.push({
        ...readInFlight(entry),
        callId,
        outcome: 'unknown',
        isError: true,
        latencyMs: null,
        resultBytes: null,
        resultPreview: null,
        error: UNKNOWN_ERROR,
      });
    }
    this.flush();
    if (legacy.length > 0) this.endLegacyCall.run(JSON.stringify(legacy.map((l) => l.callId)));
    this.journal?.clear();
    return unique.size;
  }

  /** Queue a row; it is written within `flushDelayMs`. */
  append(entry: AuditEntry): void {
    this.queue.push(withoutSecrets(entry));
    this.schedule(this.flushDelayMs);
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
    let head = { id: 0, hash: GENESIS };
    const ended = rows.flatMap((e) => (e.callId && this.begun.has(e.callId) ? [e.callId] : []));
    // IMMEDIATE takes the write lock before reading the chain's tail, so two processes writing at
    // once (the gateway and a CLI command) cannot fork the chain.
    const write = this.db.transaction(() => {
      let prevHash = this.lastHash.get()?.hash ?? this.anchorHash();
      const written: { ts: number; id: number }[] = [];
      for (const entry of rows) {
        const hash = chainHash(prevHash, entry);
        const id = Number(this.insert.run(toDb(entry, prevHash, hash)).lastInsertRowid);
        this.search.add(id, entry);
        written.push({ ts: entry.ts, id });
        head = { id, hash };
        prevHash = hash;
      }
      this.rollup.record(rows);
      this.hours.record(written);
    });
    try {
      write.immediate();
    } catch (error) {
      // Nothing is dropped: the rows go back to the front of the queue and are tried again (a
      // database locked past busy_timeout, a full disk). The caller hears about it.
      this.queue = [...rows, ...this.queue];
      this.schedule(RETRY_MS);
      throw error;
    }
    for (const callId of ended) this.begun.delete(callId);
    // The rows are committed: their calls are no longer in flight.
    if (ended.length > 0) this.journal?.ended(ended);
    this.checkpoint(head);
    this.onFlushed?.(head.id);
    return rows.length;
  }

  /** A page of rows: newest first below `beforeId`, or oldest first above `afterId` (following). */
  query(input: AuditQuery): AuditRow[] {
    const q = auditQuerySchema.parse(input);
    const sql = this.filter(q);
    const id = idColumn(sql);
    const extra: string[] = [];
    if (q.beforeId !== undefined) extra.push(`${id} < @beforeId`);
    if (q.afterId !== undefined) extra.push(`${id} > @afterId`);
    const order = q.afterId !== undefined ? 'ASC' : 'DESC';
    const statement = `SELECT a.* ${fromWhere(sql, extra)} ORDER BY ${id} ${order} LIMIT @limit`;
    const params = { ...sql.params, limit: q.limit, beforeId: q.beforeId, afterId: q.afterId };
    return (this.db.prepare(statement).all(params) as DbRow[]).map(fromDb);
  }

  /** How many rows match a filter: exact, or for a text search at most `AUDIT_SEARCH_COUNT_CAP`. */
  count(input: AuditFilter): { total: number; exact: boolean } {
    const filter = auditFilterSchema.parse(input);
    if (AuditRollup.covers(filter)) return { total: this.rollup.count(filter), exact: true };
    const sql = this.filter(filter);
    if (sql.match === undefined) {
      const { n } = this.db.prepare(`SELECT count(*) AS n ${fromWhere(sql)}`).get(sql.params) as {
        n: number;
      };
      return { total: n, exact: true };
    }
    const { n } = this.db
      .prepare(`SELECT count(*) AS n FROM (SELECT 1 ${fromWhere(sql)} LIMIT ${AUDIT_SEARCH_COUNT_CAP + 1})`)
      .get(sql.params) as { n: number };
    return n > AUDIT_SEARCH_COUNT_CAP
      ? { total: AUDIT_SEARCH_COUNT_CAP, exact: false }
      : { total: n, exact: true };
  }

  get(key: { id: number } | { callId: string }): AuditRow {
    const row = (
      'id' in key
        ? this.db.prepare('SELECT * FROM audit WHERE id = ?').get(key.id)
        : this.db.prepare('SELECT * FROM audit WHERE call_id = ?').get(key.callId)
    ) as DbRow | undefined;
    if (!row) {
      const which = 'id' in key ? `#${key.id}` : `for call ${key.callId}`;
      throw new ApiError(
        'not_found',
        `There is no audit row ${which} (it may still be running, or was removed by retention).`,
      );
    }
    return fromDb(row);
  }

  /**
   * Every row a filter matches, oldest first, a chunk at a time: constant memory, and no statement
   * is left open between chunks (the same connection keeps writing calls meanwhile). Rows after
   * `throughId` (by default, the newest when the export starts) are not included.
   */
  async *rows(input: AuditFilter, throughId = this.lastId()): AsyncGenerator<AuditRow[]> {
    const filter = auditFilterSchema.parse(input);
    const sql = this.filter(filter);
    const id = idColumn(sql);
    const statement = this.db.prepare(
      `SELECT a.* ${fromWhere(sql, [`${id} > @after`, `${id} <= @last`])} ORDER BY ${id} ASC LIMIT ${EXPORT_CHUNK}`,
    );
    const last = throughId;
    let after = 0;
    for (;;) {
      const chunk = (statement.all({ ...sql.params, after, last }) as DbRow[]).map(fromDb);
      if (chunk.length > 0) yield chunk;
      if (chunk.length < EXPORT_CHUNK) return;
      after = chunk[chunk.length - 1]!.id;
    }
  }

  overview(since: number, until: number): Omit<AuditOverview, 'running' | 'waiting'> {
    return auditOverview(this.db, since, until);
  }

  facets(): AuditFacets {
    return auditFacets(this.db);
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

  /** The newest admin row among these events (e.g. whether the gateway last started or stopped). */
  lastEvent(events: string[]): AuditRow | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM audit WHERE kind = 'admin' AND event IN (${events.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 1`,
      )
      .get(...events) as DbRow | undefined;
    return row && fromDb(row);
  }

  lastId(): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM audit').get() as { id: number | null };
    return row.id ?? 0;
  }

  /** The chain's head as the checkpoint outside the database last recorded it. */
  checkpointed(): { id: number; hash: string; at: number } | undefined {
    return this.checkpoints?.read();
  }

  /** Where the chain starts when retention removed its oldest rows. */
  anchor(): Anchor | undefined {
    return readAnchor(this.db);
  }

  /** Recompute the chain and hold it against the checkpoint (see `verifyAudit`). */
  verify(): Promise<AuditVerifyResult> {
    this.flush();
    return verifyAudit(this.db, this.checkpoints);
  }

  /** Remove rows retention no longer keeps (see `pruneAudit`). */
  prune(retention: Retention): Promise<number> {
    this.flush();
    return pruneAudit(
      {
        db: this.db,
        rollup: this.rollup,
        search: this.search,
        hours: this.hours,
        record: (e) => this.appendNow(e),
        now: this.now,
      },
      retention,
    );
  }

  /** Write the checkpoint for the chain's current head (at startup, and when the log was empty). */
  writeCheckpoint(): void {
    const head = this.lastHash.get();
    this.checkpoint(head ?? { id: 0, hash: this.anchorHash() });
  }

  close(): void {
    this.flush();
    this.writeDueCheckpoint();
    this.journal?.close();
  }

  private schedule(delayMs: number): void {
    this.timer ??= setTimeout(() => {
      try {
        this.flush();
      } catch (error) {
        console.error('[portcullis] could not write audit rows; trying again:', error);
      }
    }, delayMs);
  }

  /** A filter as SQL, with its time range also as the id range those rows can have. */
  private filter(filter: AuditFilter): FilterSql {
    const sql = filterSql(filter, { timeIndex: false });
    const bounds = this.hours.conditions(idColumn(sql), filter.since, filter.until);
    return {
      ...sql,
      conditions: [...sql.conditions, ...bounds.sql],
      params: { ...sql.params, ...bounds.params },
    };
  }

  private anchorHash(): string {
    return this.anchor()?.hash ?? GENESIS;
  }

  private checkpoint(head: { id: number; hash: string }): void {
    if (!this.checkpoints) return;
    this.checkpointDue = head;
    const wait = this.lastCheckpointAt + this.checkpointEveryMs - performance.now();
    if (wait <= 0) this.writeDueCheckpoint();
    else this.checkpointTimer ??= setTimeout(() => this.writeDueCheckpoint(), wait).unref();
  }

  private writeDueCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    const head = this.checkpointDue;
    if (!this.checkpoints || !head) return;
    this.checkpointDue = undefined;
    this.lastCheckpointAt = performance.now();
    try {
      this.checkpoints.write({ version: 1, id: head.id, hash: head.hash, at: this.now() });
    } catch (error) {
      // The rows are committed; a checkpoint that could not be written only weakens what verify can
      // prove until the next one, and it says so when it finds the file missing or behind.
      console.error('[portcullis] could not write the audit checkpoint:', error);
    }
  }
}

/** An in-flight record as written by `begin`; one that does not read back still becomes a row. */
function readInFlight(text: string): AuditEntry {
  try {
    return JSON.parse(text) as AuditEntry;
  } catch {
    return {
      ts: Date.now(),
      kind: 'call',
      event: 'tools/call',
      client: null,
      server: null,
      tool: null,
      args: null,
      decision: null,
      rule: null,
      reason: null,
      latencyMs: null,
      isError: true,
      resultBytes: null,
      error: null,
      sessionId: null,
      detail: 'the in-flight record of this call could not be read',
    };
  }
}

/**
 * Whoever writes a row, its free text (a server's error, an approver's reason, an admin event's
 * detail) is searched for secrets here, before it is hashed and stored. `args` and the result
 * preview arrive redacted already, by name as well as by shape (main/redact), which text alone
 * cannot do.
 */
function withoutSecrets(entry: AuditEntry): AuditEntry {
  const text = (value: string | null) => (value === null ? null : redactText(value));
  return { ...entry, reason: text(entry.reason), error: text(entry.error), detail: text(entry.detail) };
}
