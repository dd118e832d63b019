import type { Database, Statement } from 'better-sqlite3';
import { HOUR_MS } from './audit-rollup';

/**
 * Which ids each hour's rows have (`audit_hours`). Rows are appended when a call ends, so ids and
 * times only roughly agree; this table makes the agreement exact: every row with a time in a range
 * has an id between the smallest and largest id recorded for the hours of that range.
 */
export class HourIds {
  private readonly upsert: Statement;
  private readonly range: Statement;
  private readonly trim: Statement;

  constructor(db: Database) {
    this.upsert = db.prepare(`
      INSERT INTO audit_hours (hour, min_id, max_id) VALUES (?, ?, ?)
      ON CONFLICT (hour) DO UPDATE SET min_id = min(min_id, excluded.min_id), max_id = max(max_id, excluded.max_id)`);
    this.range = db.prepare(
      'SELECT min(min_id) AS lo, max(max_id) AS hi FROM audit_hours WHERE hour >= ? AND hour <= ?',
    );
    this.trim = db.prepare('DELETE FROM audit_hours WHERE max_id <= ?');
  }

  /** Rows just written, as (time, id) pairs (inside the writer's transaction). */
  record(rows: { ts: number; id: number }[]): void {
    const hours = new Map<number, [number, number]>();
    for (const { ts, id } of rows) {
      const hour = Math.floor(ts / HOUR_MS);
      const seen = hours.get(hour);
      hours.set(hour, seen ? [Math.min(seen[0], id), Math.max(seen[1], id)] : [id, id]);
    }
    for (const [hour, [lo, hi]] of hours) this.upsert.run(hour, lo, hi);
  }

  /** Retention removed rows up to this id. */
  forget(through: number): void {
    this.trim.run(through);
  }

  /**
   * The ids a time range's rows can have, as conditions on `column` (`a.id`, or `f.rowid` when the
   * search index drives the scan). No rows in the range: a condition nothing meets.
   */
  conditions(
    column: string,
    since: number | undefined,
    until: number | undefined,
  ): { sql: string[]; params: Record<string, number> } {
    if (since === undefined && until === undefined) return { sql: [], params: {} };
    const from = since === undefined ? Number.MIN_SAFE_INTEGER : Math.floor(since / HOUR_MS);
    const to = until === undefined ? Number.MAX_SAFE_INTEGER : Math.floor((until - 1) / HOUR_MS);
    const { lo, hi } = this.range.get(from, to) as { lo: number | null; hi: number | null };
    if (lo === null || hi === null) return { sql: ['0'], params: {} };
    return { sql: [`${column} >= @idLo`, `${column} <= @idHi`], params: { idLo: lo, idHi: hi } };
  }
}
