import type { Database } from 'better-sqlite3';
import { outcomeSchema, type Outcome } from '../../shared/audit';
import type { AuditFacets, AuditOverview } from '../../shared/audit-query';
import { HOUR_MS, splitHours } from './audit-rollup';

const MINUTE_MS = 60_000;
/** Short ranges are read row by row, in buckets of minutes; longer ones from the hourly rollup. */
const RAW_RANGE_MS = 6 * HOUR_MS;
const MINUTE_BUCKETS = [1, 5, 15, 30].map((m) => m * MINUTE_MS);
const HOUR_BUCKETS = [1, 3, 6, 12, 24, 24 * 7].map((h) => h * HOUR_MS);
const MAX_BUCKETS = 96;
const TOP_TOOLS = 10;
const OUTCOMES = new Set<string>(outcomeSchema.options);
const REACHED_SERVER = new Set(['allowed', 'approved', 'server_error', 'timed_out', 'unknown', '']);

/** The four figures, each already summed by SQLite; the rollup and the edge rows each give a set. */
interface Parts {
  series: { b: number; outcome: string; calls: number }[];
  tools: { server: string; tool: string; calls: number }[];
  clients: { client: string; calls: number }[];
  servers: {
    server: string;
    outcome: string;
    calls: number;
    latencySum: number;
    latencyN: number;
    latencyMax: number | null;
  }[];
}

/**
 * A source of calls as rollup-shaped rows: whole hours of the rollup, or rows one by one (edge hours,
 * short ranges). Parameters arrive as REAL (JavaScript numbers): bucket numbers are cast back to
 * integers.
 */
const SOURCES = {
  rollup: `SELECT CAST((hour * ${HOUR_MS} - @origin) / @bucketMs AS INTEGER) AS b, client, server, tool, outcome,
                  calls, latency_sum, latency_n, latency_max
           FROM audit_hourly WHERE hour >= @from AND hour < @to`,
  rows: `SELECT CAST((ts - @origin) / @bucketMs AS INTEGER) AS b, coalesce(client, '') AS client,
                coalesce(server, '') AS server, coalesce(tool, '') AS tool, coalesce(outcome, '') AS outcome,
                1 AS calls, coalesce(latency_ms, 0) AS latency_sum, latency_ms IS NOT NULL AS latency_n,
                latency_ms AS latency_max
         FROM audit INDEXED BY audit_ts WHERE kind = 'call' AND ts >= @from AND ts < @to`,
};

/** Summed in SQLite and returned small: materialising every (hour, client, tool, outcome) cell in JavaScript cost more than the sums. */
function parts(db: Database, source: keyof typeof SOURCES, params: Record<string, number>): Parts {
  const from = `FROM (${SOURCES[source]})`;
  const all = <T>(sql: string) => db.prepare(sql).all(params) as T[];
  return {
    series: all(`SELECT b, outcome, sum(calls) AS calls ${from} GROUP BY b, outcome`),
    tools: all(`SELECT server, tool, sum(calls) AS calls ${from} GROUP BY server, tool`),
    clients: all(`SELECT client, sum(calls) AS calls ${from} GROUP BY client`),
    servers: all(`SELECT server, outcome, sum(calls) AS calls, sum(latency_sum) AS latencySum,
                         sum(latency_n) AS latencyN, max(latency_max) AS latencyMax
                  ${from} GROUP BY server, outcome`),
  };
}

/** What the log says about a time range: the Overview page's figures. Exact, whatever the range. */
export function auditOverview(
  db: Database,
  since: number,
  until: number,
): Omit<AuditOverview, 'running' | 'waiting'> {
  const range = Math.max(0, until - since);
  const raw = range <= RAW_RANGE_MS;
  const bucketMs =
    (raw ? MINUTE_BUCKETS : HOUR_BUCKETS).find((b) => range / b <= MAX_BUCKETS) ??
    HOUR_BUCKETS[HOUR_BUCKETS.length - 1]!;
  const origin = Math.floor(since / bucketMs) * bucketMs;
  const found: Parts[] = [];
  if (raw) {
    found.push(parts(db, 'rows', { origin, bucketMs, from: since, to: until }));
  } else {
    const { whole, edges } = splitHours(since, until);
    if (whole) found.push(parts(db, 'rollup', { origin, bucketMs, from: whole.from!, to: whole.to! }));
    for (const [from, to] of edges) found.push(parts(db, 'rows', { origin, bucketMs, from, to }));
  }
  return summarise(found, { since, until, bucketMs, origin });
}

function summarise(
  found: Parts[],
  range: { since: number; until: number; bucketMs: number; origin: number },
): Omit<AuditOverview, 'running' | 'waiting'> {
  const { since, until, bucketMs, origin } = range;
  const buckets = Math.max(1, Math.ceil((until - origin) / bucketMs));
  const series = Array.from({ length: buckets }, (_, i) => ({
    start: origin + i * bucketMs,
    counts: {} as Partial<Record<Outcome, number>>,
  }));
  const byOutcome: Partial<Record<Outcome, number>> = {};
  const tools = new Map<string, { server: string; tool: string; calls: number }>();
  const clients = new Map<string, number>();
  const servers = new Map<
    string,
    { calls: number; errors: number; latencySum: number; latencyN: number; max: number | null }
  >();
  let calls = 0;
  let withoutOutcome = 0;
  for (const part of found) {
    for (const cell of part.series) {
      calls += cell.calls;
      if (!OUTCOMES.has(cell.outcome)) {
        withoutOutcome += cell.calls;
        continue;
      }
      const outcome = cell.outcome as Outcome;
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + cell.calls;
      const counts = series[cell.b]?.counts;
      if (counts) counts[outcome] = (counts[outcome] ?? 0) + cell.calls;
    }
    for (const cell of part.tools) {
      const key = `${cell.server}\u0000${cell.tool}`;
      const tool = tools.get(key) ?? { server: cell.server, tool: cell.tool, calls: 0 };
      tool.calls += cell.calls;
      tools.set(key, tool);
    }
    for (const cell of part.clients) clients.set(cell.client, (clients.get(cell.client) ?? 0) + cell.calls);
    for (const cell of part.servers) {
      const server = servers.get(cell.server) ?? {
        calls: 0,
        errors: 0,
        latencySum: 0,
        latencyN: 0,
        max: null,
      };
      server.calls += cell.calls;
      if (cell.outcome === 'server_error' || cell.outcome === 'timed_out') server.errors += cell.calls;
      // Latency of calls that reached the server: a denial's zero would make a slow server look fast.
      if (REACHED_SERVER.has(cell.outcome)) {
        server.latencySum += cell.latencySum;
        server.latencyN += cell.latencyN;
        if (cell.latencyMax !== null) server.max = Math.max(server.max ?? 0, cell.latencyMax);
      }
      servers.set(cell.server, server);
    }
  }
  const byCalls = <T extends { calls: number }>(a: T, b: T) => b.calls - a.calls;
  return {
    since,
    until,
    bucketMs,
    calls,
    byOutcome,
    withoutOutcome,
    series,
    topTools: [...tools.values()].sort(byCalls).slice(0, TOP_TOOLS),
    clients: [...clients].map(([client, n]) => ({ client, calls: n })).sort(byCalls),
    servers: [...servers]
      .map(([server, s]) => ({
        server,
        calls: s.calls,
        errors: s.errors,
        meanLatencyMs: s.latencyN > 0 ? s.latencySum / s.latencyN : null,
        maxLatencyMs: s.max,
      }))
      .sort((a, b) => (b.meanLatencyMs ?? -1) - (a.meanLatencyMs ?? -1)),
  };
}

/** The values the filter pickers offer, most used first (from `audit_names`, not every row). */
export function auditFacets(db: Database): AuditFacets {
  const names = db.prepare(
    'SELECT value FROM audit_names WHERE field = ? ORDER BY calls DESC, value LIMIT 1000',
  );
  const values = (field: string) => (names.all(field) as { value: string }[]).map((r) => r.value);
  const tools = values('tool').map((v) => {
    const [server, tool] = JSON.parse(v) as [string, string];
    return { server, tool };
  });
  const events = (
    db.prepare(`SELECT DISTINCT event AS v FROM audit WHERE kind = 'admin' ORDER BY event`).all() as {
      v: string;
    }[]
  ).map((r) => r.v);
  const outcomes = values('outcome').filter((o): o is Outcome => outcomeSchema.safeParse(o).success);
  return { clients: values('client'), servers: values('server'), tools, outcomes, events };
}
