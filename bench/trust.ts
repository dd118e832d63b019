/**
 * Trust on the hot paths: pinning and scanning a listing of 100 realistic tools (what the gateway
 * does for every tools/list page), and the check every tools/call makes (is the tool held, and
 * which flags does the policy see). Targets (the trust issue): a 100-tool listing under 50 ms, and
 * the per-call check under 25 µs at the median.
 */
import { openStore } from '../main/store';
import { SessionTrust } from '../main/trust/session-trust';
import { TrustService } from '../main/trust/trust-service';

export interface TrustBenchResult {
  tools: number;
  firstListingMs: number;
  repeatListingMs: number;
  checkP50us: number;
  checkP99us: number;
  met: boolean;
}

const LISTING_TARGET_MS = 50;
const CHECK_TARGET_US = 25;

function tools(count: number): object[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `tool_${i}`,
    description:
      `Tool number ${i}: reads records from the service and returns them as JSON, newest first. ` +
      'Use the cursor from a previous answer to read the next page; results are cached for a minute. '.repeat(
        4,
      ),
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to look for, in the service search syntax.' },
        limit: { type: 'number', description: 'At most this many records (1-100).' },
        cursor: { type: 'string', description: 'Where the previous page ended.' },
        fields: { type: 'array', items: { type: 'string' }, description: 'Only these fields.' },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true, openWorldHint: true },
  }));
}

export function benchTrust(count = 100, calls = 50_000): TrustBenchResult {
  const store = openStore(':memory:');
  const trust = new TrustService({ store, holdNewTools: () => false, host: { home: '/home/bench' } });
  const listing = tools(count);
  const time = (run: () => void) => {
    const t = performance.now();
    run();
    return performance.now() - t;
  };
  const firstListingMs = time(() => new SessionTrust(trust, 'cursor', 'svc').listed(listing, true));
  const repeats = Array.from({ length: 20 }, () =>
    time(() => new SessionTrust(trust, 'cursor', 'svc').listed(listing, true)),
  ).sort((a, b) => a - b);
  const repeatListingMs = repeats[repeats.length >> 1]!;

  const session = new SessionTrust(trust, 'cursor', 'svc');
  session.listed(listing, true);
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const tool = `tool_${i % count}`;
    const t = process.hrtime.bigint();
    if (!session.hold(tool)) session.flags(tool);
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  store.close();
  samples.sort();
  const checkP50us = samples[calls >> 1]!;
  return {
    tools: count,
    firstListingMs,
    repeatListingMs,
    checkP50us,
    checkP99us: samples[Math.floor(calls * 0.99)]!,
    met:
      repeatListingMs < LISTING_TARGET_MS &&
      firstListingMs < LISTING_TARGET_MS &&
      checkP50us < CHECK_TARGET_US,
  };
}

export function describeTrust(r: TrustBenchResult): string {
  return (
    `Trust: a ${r.tools}-tool listing pinned and scanned in ${r.firstListingMs.toFixed(1)} ms (first), ` +
    `${r.repeatListingMs.toFixed(1)} ms (again, median); per-call check p50 ${r.checkP50us.toFixed(2)} µs, ` +
    `p99 ${r.checkP99us.toFixed(2)} µs (targets: listing < ${LISTING_TARGET_MS} ms, check p50 < ${CHECK_TARGET_US} µs → ${r.met ? 'met' : 'MISSED'})`
  );
}
