import type { AuditRow } from '../../shared/audit';
import type { PolicyDecision, PolicyDocument } from '../../shared/policy';
import { compilePolicy } from './compile';
import { judge } from './evaluate';
import { RateLimiter } from './rate-limiter';

export interface ReplayChange {
  id: number;
  ts: number;
  client: string;
  server: string;
  tool: string;
  recorded: { decision: string; rule: string | null };
  draft: PolicyDecision;
  /** The recorded arguments were redacted or cut, so conditions on them may have judged differently. */
  argsIncomplete: boolean;
}

export interface ReplayResult {
  examined: number;
  changed: ReplayChange[];
}

/**
 * Decide recorded calls again with a draft policy, oldest first, with the draft's own rate-limit
 * counters running on the recorded times, and list the calls whose decision would change.
 */
export function replay(document: PolicyDocument, rows: Iterable<AuditRow>): ReplayResult {
  const compiled = compilePolicy(document);
  const limiter = new RateLimiter();
  const changed: ReplayChange[] = [];
  let examined = 0;
  for (const row of rows) {
    if (row.kind !== 'call' || !row.client || !row.server || !row.tool || !row.decision) continue;
    examined++;
    const { args, incomplete } = readArgs(row.args);
    const call = {
      client: row.client,
      server: row.server,
      tool: row.tool,
      args,
      ...(row.sessionId ? { sessionId: row.sessionId } : {}),
    };
    const { decision, limits } = judge(compiled, limiter, call, row.ts);
    if (decision.action === 'allow') limiter.record(limits, call, row.ts);
    if (decision.action !== row.decision) {
      changed.push({
        id: row.id,
        ts: row.ts,
        client: row.client,
        server: row.server,
        tool: row.tool,
        recorded: { decision: row.decision, rule: row.rule },
        draft: decision,
        argsIncomplete: incomplete,
      });
    }
  }
  return { examined, changed };
}

function readArgs(text: string | null): { args: Record<string, unknown>; incomplete: boolean } {
  if (!text) return { args: {}, incomplete: false };
  try {
    const value = JSON.parse(text) as unknown;
    const args =
      value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    return { args, incomplete: text.includes('[REDACTED]') };
  } catch {
    return { args: {}, incomplete: true };
  }
}
