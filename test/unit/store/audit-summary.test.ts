import { afterEach, describe, expect, it } from 'vitest';
import { outcomeSchema, type AuditEntry, type AuditRow, type Outcome } from '../../../shared/audit';
import type { AuditFilter } from '../../../shared/audit-query';
import { openStore, type Store } from '../../../main/store';
import { adminRow, entry, random } from './audit-fixtures';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const outcomes = outcomeSchema.options;

/** Calls spread over three days, with every outcome, a few clients and servers, and admin rows. */
function seed(store: Store, n: number, seedValue: number): AuditEntry[] {
  const next = random(seedValue);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const written: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e =
      next() < 0.05
        ? adminRow(pick(['policy.saved', 'client.connected']))
        : entry({
            ts: T0 + Math.floor(next() * 72 * HOUR),
            client: pick(['cursor', 'claude-desktop', null]),
            server: pick(['fs', 'github', 'slack']),
            tool: pick(['read', 'write', 'delete']),
            decision: pick(['allow', 'deny', 'approve'] as const),
            outcome: next() < 0.05 ? undefined : pick(outcomes),
            latencyMs: next() < 0.1 ? null : Math.round(next() * 5000) / 10,
          });
    if (e.outcome === undefined) delete e.outcome;
    written.push(e);
    store.audit.append(e);
  }
  store.audit.flush();
  return written;
}

function matches(row: AuditRow, f: AuditFilter): boolean {
  const list = f.outcome === undefined ? undefined : [f.outcome].flat();
  return (
    (f.kind === undefined || row.kind === f.kind) &&
    (f.client === undefined || row.client === f.client) &&
    (f.server === undefined || row.server === f.server) &&
    (f.tool === undefined || row.tool === f.tool) &&
    (f.decision === undefined || row.decision === f.decision) &&
    (list === undefined || (row.outcome !== null && list.includes(row.outcome))) &&
    (f.since === undefined || row.ts >= f.since) &&
    (f.until === undefined || row.ts < f.until)
  );
}

describe('counts and the overview', () => {
  let store: Store;
  afterEach(() => store?.close());

  it('counts exactly what the rows say, for any filter and any time range (rollup + edge hours)', () => {
    store = openStore(':memory:');
    seed(store, 3000, 7);
    const all = store.audit.query({ limit: 5000 });
    const next = random(99);
    for (let i = 0; i < 300; i++) {
      const a = T0 + Math.floor(next() * 80 * HOUR) - 4 * HOUR;
      const b = a + Math.floor(next() * 30 * HOUR);
      const filter: AuditFilter = {
        ...(next() < 0.7 ? { since: a } : {}),
        ...(next() < 0.7 ? { until: b } : {}),
        ...(next() < 0.3 ? { server: 'github' } : {}),
        ...(next() < 0.3 ? { client: 'cursor' } : {}),
        ...(next() < 0.2 ? { kind: next() < 0.5 ? 'call' : 'admin' } : {}),
        ...(next() < 0.3
          ? { outcome: next() < 0.5 ? 'denied' : (['rejected', 'unknown'] as Outcome[]) }
          : {}),
        ...(next() < 0.2 ? { decision: 'approve' } : {}),
      };
      expect(store.audit.count(filter).total, JSON.stringify(filter)).toBe(
        all.filter((r) => matches(r, filter)).length,
      );
    }
  });

  it('gives the overview of a range: by outcome over time, top tools, clients, slowest servers', () => {
    store = openStore(':memory:');
    seed(store, 3000, 11);
    const since = T0 + 5 * HOUR + 17 * 60_000;
    const until = since + 24 * HOUR;
    const calls = store.audit
      .query({ kind: 'call', since, until, limit: 5000 })
      .filter((r) => r.ts >= since && r.ts < until);
    const o = store.audit.overview(since, until);
    expect(o.bucketMs).toBe(HOUR);
    expect(o.calls).toBe(calls.length);
    expect(o.withoutOutcome).toBe(calls.filter((r) => r.outcome === null).length);
    for (const outcome of outcomes) {
      expect(o.byOutcome[outcome] ?? 0, outcome).toBe(calls.filter((r) => r.outcome === outcome).length);
    }
    const seriesTotal = o.series.reduce(
      (n, b) => n + Object.values(b.counts).reduce((m, c) => m + (c ?? 0), 0),
      0,
    );
    expect(seriesTotal).toBe(calls.length - o.withoutOutcome);
    for (const bucket of o.series) {
      const inBucket = calls.filter(
        (r) => r.ts >= bucket.start && r.ts < bucket.start + o.bucketMs && r.outcome === 'denied',
      );
      expect(bucket.counts.denied ?? 0).toBe(inBucket.length);
    }
    const top = o.topTools[0]!;
    expect(top.calls).toBe(calls.filter((r) => r.server === top.server && r.tool === top.tool).length);
    expect(o.clients.find((c) => c.client === 'cursor')!.calls).toBe(
      calls.filter((r) => r.client === 'cursor').length,
    );
    const github = calls.filter(
      (r) =>
        r.server === 'github' &&
        r.latencyMs !== null &&
        ['allowed', 'approved', 'server_error', 'timed_out', 'unknown', null].includes(r.outcome),
    );
    const server = o.servers.find((s) => s.server === 'github')!;
    expect(server.meanLatencyMs).toBeCloseTo(github.reduce((n, r) => n + r.latencyMs!, 0) / github.length, 6);
    expect(server.maxLatencyMs).toBe(Math.max(...github.map((r) => r.latencyMs!)));
    expect(o.servers.map((s) => s.meanLatencyMs)).toEqual(
      [...o.servers.map((s) => s.meanLatencyMs)].sort((x, y) => (y ?? 0) - (x ?? 0)),
    );
  });

  it('reads a short range row by row, in minutes', () => {
    store = openStore(':memory:');
    seed(store, 2000, 3);
    const since = T0 + 30 * HOUR + 123_456;
    const o = store.audit.overview(since, since + HOUR);
    expect(o.bucketMs).toBe(60_000);
    const calls = store.audit.query({ kind: 'call', since, until: since + HOUR, limit: 5000 });
    expect(o.calls).toBe(calls.length);
  });

  it('offers the pickers what the log holds, most used first', () => {
    store = openStore(':memory:');
    store.audit.append(entry({ server: 'github', tool: 'get_issue' }));
    store.audit.append(entry({ server: 'github', tool: 'get_issue', outcome: 'denied' }));
    store.audit.append(entry({ server: 'fs', tool: 'read_file', client: 'claude-desktop' }));
    store.audit.append(adminRow('policy.saved'));
    store.audit.flush();
    expect(store.audit.facets()).toEqual({
      clients: ['cursor', 'claude-desktop'],
      servers: ['github', 'fs'],
      tools: [
        { server: 'github', tool: 'get_issue' },
        { server: 'fs', tool: 'read_file' },
      ],
      outcomes: ['allowed', 'denied'],
      events: ['policy.saved'],
    });
  });
});
