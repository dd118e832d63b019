/**
 * The audit log at a million rows (issue 9): seeding through the real writer (hash chain, search
 * index, hourly rollup), then the queries the Audit and Overview pages and `portcullis audit` make,
 * each the median of several runs; an export of 100,000 rows; and what recording a call before it
 * is forwarded adds to each call, measured side by side with the same writer in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, Outcome } from '../shared/audit';
import type { AuditFilter } from '../shared/audit-query';
import { exportAudit } from '../main/audit/export';
import { openStore, type Store } from '../main/store';

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const DAYS = 7;
const HOUR = 3_600_000;
const RUNS = 15;

export interface AuditBench {
  lines: string[];
  met: boolean;
}

const WORDS = (
  'invoice report draft customer order deploy branch commit review issue ticket backup query table ' +
  'schema user account payment refund shipment warehouse calendar meeting note summary budget forecast'
).split(' ');
const CLIENTS = ['claude-desktop', 'cursor', 'vscode', 'windsurf'];
const SERVERS = ['filesystem', 'github', 'slack', 'postgres', 'memory', 'fetch', 'linear', 'stripe'];
const OUTCOMES: [Outcome, number][] = [
  ['allowed', 0.8],
  ['approved', 0.04],
  ['denied', 0.05],
  ['rejected', 0.01],
  ['rate_limited', 0.02],
  ['approval_timeout', 0.005],
  ['withdrawn', 0.01],
  ['refused', 0.002],
  ['timed_out', 0.005],
  ['server_error', 0.05],
  ['portcullis_error', 0.001],
  ['unknown', 0.002],
];
export const NEEDLE = 'zqxjv-needle-7f3a';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plausible call: skewed towards a few servers and tools, with text worth searching. */
export function syntheticCall(next: () => number, ts: number, i: number): AuditEntry {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() ** 2 * xs.length)]!;
  const server = pick(SERVERS);
  // Each server has its own dozen tools, as real ones do.
  const tool = `${pick(['get', 'list', 'create', 'update', 'delete'])}_${WORDS[(SERVERS.indexOf(server) * 3 + Math.floor(next() * 3)) % WORDS.length]}`;
  let r = next();
  const outcome = OUTCOMES.find(([, p]) => (r -= p) < 0)?.[0] ?? 'allowed';
  const words = Array.from({ length: 6 }, () => pick(WORDS)).join(' ');
  const ran = ['allowed', 'approved', 'server_error', 'timed_out'].includes(outcome);
  return {
    ts,
    kind: 'call',
    event: 'tools/call',
    client: pick(CLIENTS),
    server,
    tool,
    args: JSON.stringify({ path: `/home/me/${pick(WORDS)}/${i}.md`, text: words, limit: 20 }),
    decision: outcome === 'approved' || outcome === 'rejected' ? 'approve' : ran ? 'allow' : 'deny',
    rule: `servers.${server}.tools.${tool}`,
    reason: outcome === 'rejected' ? `not now: ${pick(WORDS)}` : null,
    latencyMs: ran ? Math.round(next() ** 3 * 20_000) / 10 : 0,
    isError: !['allowed', 'approved'].includes(outcome),
    resultBytes: ran ? Math.floor(next() * 20_000) : null,
    error: outcome === 'server_error' ? `-32603 ${pick(WORDS)} failed` : null,
    sessionId: `s-${Math.floor(i / 500)}`,
    detail: null,
    outcome,
    approver: outcome === 'approved' || outcome === 'rejected' ? 'dashboard' : null,
    scope: outcome === 'approved' ? 'once' : null,
    resultPreview: ran ? `${words} ${pick(WORDS)} done` : null,
    callId: `call-${i}`,
  };
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

function time(run: () => unknown, runs = RUNS): number {
  run(); // warm the page cache and the statement cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

function seed(store: Store, now: number): { seconds: number; needleId: number } {
  const next = rng(42);
  const start = now - DAYS * 24 * HOUR;
  const step = (DAYS * 24 * HOUR) / ROWS;
  const needleAt = Math.floor(ROWS * 0.37);
  const t = performance.now();
  for (let i = 0; i < ROWS; i++) {
    const call = syntheticCall(next, Math.floor(start + i * step), i);
    if (i === needleAt) call.args = JSON.stringify({ path: `/srv/${NEEDLE}/report.pdf` });
    store.audit.append(call);
    if (i % 500 === 499) store.audit.flush();
    if (i % 100_000 === 99_999) process.stderr.write(`seeded ${i + 1} rows\n`);
  }
  store.audit.flush();
  return { seconds: (performance.now() - t) / 1000, needleId: needleAt + 1 };
}

/** Added latency of durable-before-run: the synchronous insert on the call path, and its share of the batch. */
function durableCost(
  store: Store,
  calls = 20_000,
): { beginUs: number; sqliteUs: number; batchWithUs: number; batchWithoutUs: number } {
  const next = rng(7);
  const now = Date.now();
  const begins: number[] = [];
  // The same record as one committed SQLite insert (how it was first built), for comparison.
  const sqlite: number[] = [];
  const insert = store.db.prepare('INSERT INTO audit_inflight (call_id, started_at, entry) VALUES (?, ?, ?)');
  for (let i = 0; i < 2000; i++) {
    const e = syntheticCall(next, now, 20_000_000 + i);
    const t = performance.now();
    insert.run(e.callId, e.ts, JSON.stringify(e));
    sqlite.push(performance.now() - t);
  }
  store.db.exec('DELETE FROM audit_inflight');
  const batch = (withInFlight: boolean) => {
    let total = 0;
    for (let i = 0; i < calls; i += 100) {
      const entries = Array.from({ length: 100 }, (_, k) => syntheticCall(next, now, 10_000_000 + i + k));
      if (withInFlight) {
        for (const e of entries) {
          const t = performance.now();
          store.audit.begin({ ...e, callId: e.callId! });
          begins.push(performance.now() - t);
        }
      }
      for (const e of entries) store.audit.append(withInFlight ? e : { ...e, callId: null });
      const t = performance.now();
      store.audit.flush();
      total += performance.now() - t;
    }
    return (total / calls) * 1000;
  };
  // Alternate, so noise on the machine hits both.
  let withUs = 0;
  let withoutUs = 0;
  for (let round = 0; round < 2; round++) {
    withoutUs += batch(false) / 2;
    withUs += batch(true) / 2;
  }
  return {
    beginUs: median(begins) * 1000,
    sqliteUs: median(sqlite) * 1000,
    batchWithUs: withUs,
    batchWithoutUs: withoutUs,
  };
}

export async function auditBench(): Promise<AuditBench> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-audit-'));
  const store = openStore(join(dir, 'portcullis.db'));
  const lines: string[] = [];
  let met = true;
  const target = (what: string, ms: number, limit: number) => {
    const ok = ms < limit;
    if (!ok) met = false;
    lines.push(
      `  ${what.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms   (target < ${limit} ms → ${ok ? 'met' : 'MISSED'})`,
    );
  };
  const report = (what: string, ms: number) =>
    lines.push(`  ${what.padEnd(58)} ${ms.toFixed(2).padStart(8)} ms`);
  try {
    const now = Date.now();
    const seeded = seed(store, now);
    lines.push(
      `Audit log: ${ROWS.toLocaleString('en')} calls over ${DAYS} days, written through the real writer ` +
        `(hash chain, search index, rollup, 500 per batch): ${(ROWS / seeded.seconds).toFixed(0)} rows/s`,
    );
    const day = { since: now - 24 * HOUR, until: now };
    const q = (f: AuditFilter & { limit?: number; beforeId?: number }) => () =>
      store.audit.query({ limit: 100, ...f });
    lines.push('Pages of 100, newest first (median of 15):');
    report('no filter', time(q({})));
    target('filtered: server = github', time(q({ server: 'github' })), 50);
    target('filtered: outcome = rejected, last 24 h', time(q({ outcome: 'rejected', ...day })), 50);
    target(
      'filtered: client + server + outcome denied*',
      time(q({ client: 'cursor', server: 'slack', outcome: ['denied', 'rejected', 'rate_limited'] })),
      50,
    );
    target(
      'filtered: a rare tool, deep page (below row 300,000)',
      time(q({ tool: 'delete_order', beforeId: 300_000 })),
      50,
    );
    lines.push('Full-text search (median of 15):');
    const found = store.audit.query({ text: NEEDLE });
    if (found.length !== 1 || found[0]!.id !== seeded.needleId)
      throw new Error(`search did not find the one call: ${JSON.stringify(found.map((r) => r.id))}`);
    target('one call among a million (its path)', time(q({ text: NEEDLE })), 100);
    target('a common word, page of 100', time(q({ text: 'invoice' })), 100);
    target('two words + server filter', time(q({ text: 'invoice customer', server: 'github' })), 100);
    target('a prefix (invo*) in the last 24 h', time(q({ text: 'invo*', ...day })), 100);
    lines.push('True totals for a filter (median of 15):');
    report(
      'whole log',
      time(() => store.audit.count({})),
    );
    report(
      'server = github, last 24 h',
      time(() => store.audit.count({ server: 'github', ...day })),
    );
    report(
      'outcome denied + rejected, any time',
      time(() => store.audit.count({ outcome: ['denied', 'rejected'] })),
    );
    const capped = store.audit.count({ text: 'invoice' });
    report(
      `search "invoice" (${capped.exact ? 'exact' : `stops at ${capped.total.toLocaleString('en')}: "more than"`})`,
      time(() => store.audit.count({ text: 'invoice' })),
    );
    lines.push('Overview and pickers (median of 15):');
    target(
      'overview, last 24 hours',
      time(() => store.audit.overview(day.since, day.until)),
      200,
    );
    report(
      'overview, last 7 days',
      time(() => store.audit.overview(now - 7 * 24 * HOUR, now)),
    );
    report(
      'overview, last hour (row by row)',
      time(() => store.audit.overview(now - HOUR, now)),
    );
    report(
      'pickers (clients, servers, tools, outcomes, events)',
      time(() => store.audit.facets()),
    );

    const exportFilter: AuditFilter = { since: now - Math.round((100_000 / ROWS) * DAYS * 24 * HOUR) };
    const expected = store.audit.count(exportFilter).total;
    const rssBefore = process.memoryUsage().rss;
    let bytes = 0;
    let lines100k = 0;
    let peakRss = rssBefore;
    const t = performance.now();
    for await (const chunk of exportAudit(store.audit, exportFilter, 'jsonl')) {
      bytes += chunk.length;
      lines100k += chunk.split('\n').length - 1;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const exportMs = performance.now() - t;
    if (lines100k !== expected + 1) throw new Error(`export wrote ${lines100k} lines for ${expected} rows`);
    lines.push(
      `Export: ${expected.toLocaleString('en')} rows as JSONL in ${(exportMs / 1000).toFixed(2)} s ` +
        `(${(bytes / 1e6 / (exportMs / 1000)).toFixed(1)} MB/s, ${(bytes / 1e6).toFixed(1)} MB); ` +
        `RSS grew by at most ${((peakRss - rssBefore) / 1e6).toFixed(1)} MB while streaming`,
    );
    let csvMs = performance.now();
    for await (const chunk of exportAudit(store.audit, exportFilter, 'csv')) void chunk;
    csvMs = performance.now() - csvMs;
    lines.push(`        the same rows as CSV in ${(csvMs / 1000).toFixed(2)} s`);

    const durable = durableCost(store);
    lines.push(
      `Durable before run (a call recorded as in flight before it is forwarded), same store, same run:\n` +
        `  on the call's path: ${durable.beginUs.toFixed(1)} µs per call (median, one append to the in-flight journal; ` +
        `the same record as a committed SQLite insert: ${durable.sqliteUs.toFixed(1)} µs)\n` +
        `  in the batched write: ${durable.batchWithUs.toFixed(1)} µs per row for calls that were in flight, ` +
        `${durable.batchWithoutUs.toFixed(1)} µs for the others`,
    );
    const v = performance.now();
    const verified = await store.audit.verify();
    lines.push(
      `Verify: ${verified.rows.toLocaleString('en')} rows in ${((performance.now() - v) / 1000).toFixed(1)} s (${verified.ok ? 'ok' : verified.message})`,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { lines, met };
}
