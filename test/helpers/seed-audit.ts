import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, Outcome } from '../../shared/audit';
import { openStore } from '../../main/store';

const CLIENTS = ['claude-desktop', 'cursor', 'vscode'];
const SERVERS = ['filesystem', 'github', 'slack', 'postgres'];
const VERBS = ['get', 'list', 'create', 'delete'];
const NOUNS = ['file', 'issue', 'message', 'table', 'branch'];
/** Mostly allowed, with a little of every other ending, in a fixed cycle. */
const OUTCOMES: Outcome[] = [
  ...Array<Outcome>(14).fill('allowed'),
  'approved',
  'denied',
  'rejected',
  'rate_limited',
  'server_error',
  'timed_out',
];

export interface SeedOptions {
  rows: number;
  /** The newest row's time; rows are spread evenly over `spanMs` before it. */
  now: number;
  spanMs: number;
  /** Row numbers (0-based) whose arguments carry a given text, to be found by search. */
  needles?: Record<number, string>;
}

/**
 * Writes real audit rows (hash chain, search index, rollup) through the store's own writer into a
 * data folder, before `portcullis serve` opens it: a big log for the dashboard to read, made in
 * seconds rather than by a hundred thousand real calls.
 */
export function seedAudit(dataDir: string, options: SeedOptions): { lastId: number } {
  mkdirSync(dataDir, { recursive: true });
  const store = openStore(join(dataDir, 'portcullis.db'));
  try {
    const step = options.spanMs / Math.max(1, options.rows);
    const start = options.now - options.spanMs;
    for (let i = 0; i < options.rows; i++) {
      store.audit.append(seedCall(i, Math.floor(start + (i + 1) * step), options.needles?.[i]));
      if (i % 1000 === 999) store.audit.flush();
    }
    store.audit.flush();
    return { lastId: store.audit.lastId() };
  } finally {
    store.close();
  }
}

function seedCall(i: number, ts: number, needle: string | undefined): AuditEntry {
  const client = CLIENTS[i % CLIENTS.length]!;
  const server = SERVERS[Math.floor(i / 3) % SERVERS.length]!;
  const tool = `${VERBS[i % VERBS.length]}_${NOUNS[Math.floor(i / 7) % NOUNS.length]}`;
  const outcome = OUTCOMES[i % OUTCOMES.length]!;
  const ran =
    outcome === 'allowed' || outcome === 'approved' || outcome === 'server_error' || outcome === 'timed_out';
  const asked = outcome === 'approved' || outcome === 'rejected';
  return {
    ts,
    kind: 'call',
    event: 'tools/call',
    client,
    server,
    tool,
    args: JSON.stringify({ path: `/home/me/notes/${i}.md`, ...(needle ? { note: needle } : {}) }),
    decision: asked ? 'approve' : ran ? 'allow' : 'deny',
    rule: `servers.${server}.tools.${tool}`,
    reason: outcome === 'rejected' ? 'not during the demo' : outcome === 'denied' ? 'read only today' : null,
    latencyMs: ran ? 5 + (i % 97) * (server === 'postgres' ? 9 : 2) : 0,
    isError: !(outcome === 'allowed' || outcome === 'approved'),
    resultBytes: ran ? 200 + (i % 500) : null,
    error: outcome === 'server_error' ? `-32603 could not open ${i}.md` : null,
    sessionId: `seed-session-${Math.floor(i / 250)}`,
    detail: null,
    outcome,
    approver: asked ? 'dashboard' : null,
    scope: outcome === 'approved' ? 'once' : null,
    resultPreview: ran ? `contents of note ${i}` : null,
    callId: `seed-call-${i}`,
  };
}
