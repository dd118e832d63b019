import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry } from '../../shared/audit';
import type { AuditFilter } from '../../shared/audit-query';
import { filterSql, fromWhere } from './audit-filter';

export const HOUR_MS = 3_600_000;

/**
 * The hourly rollup (`audit_hourly`): calls per hour and (client, server, tool, decision, outcome),
 * kept in the same transaction as the rows themselves. Counts, the overview and the pickers read it
 * instead of every row; only the partial hours at the edges of a time range are read row by row,
 * so what they report is exact.
 */
export class AuditRollup {
  private readonly add: Statement;
  private readonly subtract: Statement;
  private readonly dropEmpty: Statement;
  private readonly name: Statement;

  constructor(private readonly db: Database) {
    this.add = db.prepare(`
      INSERT INTO audit_hourly (hour, client, server, tool, decision, outcome, calls, latency_sum, latency_n, latency_max)
      VALUES (@hour, @client, @server, @tool, @decision, @outcome, @calls, @latency, @latencyN, @latencyMax)
      ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, latency_sum = latency_sum + excluded.latency_sum,
        latency_n = latency_n + excluded.latency_n,
        latency_max = max(coalesce(latency_max, excluded.latency_max), coalesce(excluded.latency_max, latency_max))`);
    this.subtract = db.prepare(`
      INSERT INTO audit_hourly (hour, client, server, tool, decision, outcome, calls, latency_sum, latency_n, latency_max)
      SELECT ts / ${HOUR_MS}, coalesce(client, ''), coalesce(server, ''), coalesce(tool, ''),
             coalesce(decision, ''), coalesce(outcome, ''), -count(*), -coalesce(sum(latency_ms), 0),
             -count(latency_ms), NULL
      FROM audit WHERE kind = 'call' AND id > @from AND id <= @through
      GROUP BY 1, 2, 3, 4, 5, 6
      ON CONFLICT DO UPDATE SET calls = calls + excluded.calls, latency_sum = latency_sum + excluded.latency_sum,
        latency_n = latency_n + excluded.latency_n`);
    this.dropEmpty = db.prepare('DELETE FROM audit_hourly WHERE calls <= 0');
    this.name = db.prepare(`
      INSERT INTO audit_names (field, value, calls) VALUES (@field, @value, @calls)
      ON CONFLICT DO UPDATE SET calls = calls + excluded.calls`);
  }

  /**
   * Count call rows being written (inside the writer's transaction): one upsert per distinct
   * (hour, client, server, tool, decision, outcome) in the batch, not one per row.
   */
  record(entries: AuditEntry[]): void {
    const cells = new Map<string, Record<string, string | number | null>>();
    for (const entry of entries) {
      if (entry.kind !== 'call') continue;
      const key = {
        hour: Math.floor(entry.ts / HOUR_MS),
        client: entry.client ?? '',
        server: entry.server ?? '',
        tool: entry.tool ?? '',
        decision: entry.decision ?? '',
        outcome: entry.outcome ?? '',
      };
      const id = JSON.stringify(Object.values(key));
      const latency = entry.latencyMs;
      const cell = cells.get(id) ?? { ...key, calls: 0, latency: 0, latencyN: 0, latencyMax: null };
      cell.calls = (cell.calls as number) + 1;
      if (latency !== null) {
        cell.latency = (cell.latency as number) + latency;
        cell.latencyN = (cell.latencyN as number) + 1;
        cell.latencyMax = Math.max((cell.latencyMax as number | null) ?? latency, latency);
      }
      cells.set(id, cell);
    }
    const names = new Map<string, { field: string; value: string; calls: number }>();
    for (const cell of cells.values()) {
      this.add.run(cell);
      const { client, server, tool, outcome, calls } = cell as Record<string, string> & { calls: number };
      const values = { client, server, outcome, tool: tool ? JSON.stringify([server, tool]) : '' };
      for (const [field, value] of Object.entries(values)) {
        if (!value) continue;
        const name = names.get(`${field}\u0000${value}`) ?? { field, value, calls: 0 };
        name.calls += calls;
        names.set(`${field}\u0000${value}`, name);
      }
    }
    for (const name of names.values()) this.name.run(name);
  }

  /**
   * Take rows (from, through] out of the counts before they are deleted (inside the pruner's
   * transaction). An hour's maximum latency stays what it was: a maximum cannot be taken back.
   */
  forget(from: number, through: number): void {
    this.subtract.run({ from, through });
    this.dropEmpty.run();
  }

  /** Whether `count` can use the rollup for this filter (its columns are all the rollup keeps). */
  static covers(filter: AuditFilter): boolean {
    return filter.text === undefined && filter.sessionId === undefined;
  }

  /** Rows matching a filter the rollup covers: calls from the rollup and edge rows, admin rows one by one. */
  count(filter: AuditFilter): number {
    let total = 0;
    if (filter.kind !== 'admin') total += this.callCount(filter);
    const callOnly =
      filter.server !== undefined ||
      filter.tool !== undefined ||
      filter.decision !== undefined ||
      filter.outcome !== undefined;
    if (filter.kind !== 'call' && !callOnly) total += this.rawCount({ ...filter, kind: 'admin' });
    return total;
  }

  private callCount(filter: AuditFilter): number {
    const { whole, edges } = splitHours(filter.since, filter.until);
    let total = 0;
    if (whole) {
      const { sql, params } = rollupWhere(filter, whole);
      total += (
        this.db.prepare(`SELECT coalesce(sum(calls), 0) AS n FROM audit_hourly ${sql}`).get(params) as {
          n: number;
        }
      ).n;
    }
    // An edge is at most an hour of rows: read through the time index, whatever else the filter says
    // (left to itself, the planner may walk every row of a busy server instead).
    for (const [since, until] of edges)
      total += this.rawCount({ ...filter, kind: 'call', since, until }, 'audit_ts');
    return total;
  }

  private rawCount(filter: AuditFilter, index?: 'audit_ts'): number {
    const sql = filterSql(filter);
    return (
      this.db.prepare(`SELECT count(*) AS n ${fromWhere(sql, [], index)}`).get(sql.params) as { n: number }
    ).n;
  }
}

/**
 * A time range as whole hours (read from the rollup) and the partial hours at either end (read
 * row by row). Open ends are whole.
 */
export function splitHours(
  since: number | undefined,
  until: number | undefined,
): { whole: { from?: number; to?: number } | undefined; edges: [number, number][] } {
  const edges: [number, number][] = [];
  let from: number | undefined;
  let to: number | undefined;
  if (since !== undefined) {
    from = Math.ceil(since / HOUR_MS);
    if (since < from * HOUR_MS) edges.push([since, Math.min(from * HOUR_MS, until ?? Infinity)]);
  }
  if (until !== undefined) {
    to = Math.floor(until / HOUR_MS);
    const start = Math.max(to * HOUR_MS, since ?? -Infinity);
    if (start < until && !(edges[0] && edges[0][1] >= until)) edges.push([start, until]);
  }
  const empty = from !== undefined && to !== undefined && from >= to;
  return {
    whole: empty
      ? undefined
      : { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
    edges,
  };
}

/** `WHERE …` over `audit_hourly` for a filter's columns and a range of whole hours. */
export function rollupWhere(
  filter: AuditFilter,
  hours: { from?: number; to?: number },
): { sql: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  for (const column of ['client', 'server', 'tool', 'decision'] as const) {
    const value = filter[column];
    if (value === undefined) continue;
    conditions.push(`${column} = @${column}`);
    params[column] = value;
  }
  const outcomes = filter.outcome === undefined ? [] : [filter.outcome].flat();
  if (outcomes.length > 0) {
    conditions.push(`outcome IN (${outcomes.map((_, i) => `@outcome${i}`).join(', ')})`);
    outcomes.forEach((o, i) => (params[`outcome${i}`] = o));
  }
  if (hours.from !== undefined) {
    conditions.push('hour >= @fromHour');
    params.fromHour = hours.from;
  }
  if (hours.to !== undefined) {
    conditions.push('hour < @toHour');
    params.toHour = hours.to;
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
