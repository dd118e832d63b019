import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../../shared/audit';

export function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    ts: 1_700_000_000_000,
    kind: 'call',
    event: 'tools/call',
    client: 'cursor',
    server: 'fs',
    tool: 'read_file',
    args: '{"path":"/tmp/a"}',
    decision: 'allow',
    rule: 'default',
    reason: null,
    latencyMs: 1.25,
    isError: false,
    resultBytes: 120,
    error: null,
    sessionId: 's1',
    detail: null,
    outcome: 'allowed',
    ...over,
  };
}

export function adminRow(event: string, detail = ''): AuditEntry {
  return entry({
    kind: 'admin',
    event,
    client: null,
    server: null,
    tool: null,
    args: null,
    decision: null,
    rule: null,
    latencyMs: null,
    isError: null,
    resultBytes: null,
    sessionId: null,
    detail,
    outcome: null,
  });
}

export function tempDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), 'pc-audit-')), 'portcullis.db');
}

/** A small deterministic PRNG, so a failing seed can be replayed. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
