import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit';
import { openStore, type Store } from '../../../main/store';

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
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
    ...over,
  };
}

describe('AuditLog', () => {
  let store: Store;
  afterEach(() => store?.close());

  it('batches rows until flushed, then reads them back exactly', () => {
    store = openStore(':memory:', { auditFlushDelayMs: 60_000 });
    store.audit.append(entry());
    store.audit.append(entry({ tool: 'write_file', decision: 'deny', isError: true, latencyMs: 0 }));
    expect(store.audit.query({})).toHaveLength(0);
    expect(store.audit.flush()).toBe(2);
    const rows = store.audit.query({});
    expect(rows.map((r) => r.tool)).toEqual(['write_file', 'read_file']);
    expect(rows[1]).toMatchObject({ ...entry(), id: 1 });
    expect(rows[0]).toMatchObject({ decision: 'deny', isError: true });
  });

  it('filters by server, tool, decision, kind, since, and pages by id', () => {
    store = openStore(':memory:');
    for (let i = 0; i < 10; i++) {
      store.audit.append(
        entry({ ts: 1000 + i, tool: i % 2 ? 'a' : 'b', decision: i < 5 ? 'allow' : 'deny' }),
      );
    }
    store.audit.append(entry({ kind: 'admin', event: 'policy.saved', tool: null, server: null }));
    store.audit.flush();
    expect(store.audit.query({ tool: 'a' })).toHaveLength(5);
    expect(store.audit.query({ decision: 'deny', tool: 'b' }).map((r) => r.id)).toEqual([9, 7]);
    expect(store.audit.query({ kind: 'admin' })).toHaveLength(1);
    expect(store.audit.query({ since: 1008, kind: 'call' }).map((r) => r.id)).toEqual([10, 9]);
    expect(store.audit.query({ beforeId: 4, limit: 2 }).map((r) => r.id)).toEqual([3, 2]);
    expect(store.audit.query({ afterId: 8 }).map((r) => r.id)).toEqual([9, 10, 11]);
  });

  it('verifies an untouched chain and finds an edited, a deleted and an inserted row', () => {
    store = openStore(':memory:');
    for (let i = 0; i < 5; i++) store.audit.append(entry({ ts: i }));
    store.audit.flush();
    expect(store.audit.verify()).toMatchObject({ ok: true, rows: 5 });

    store.db.prepare("UPDATE audit SET decision = 'allow', tool = 'other' WHERE id = 3").run();
    expect(store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects a removed row', () => {
    store = openStore(':memory:');
    for (let i = 0; i < 5; i++) store.audit.append(entry({ ts: i }));
    store.audit.flush();
    store.db.prepare('DELETE FROM audit WHERE id = 2').run();
    expect(store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('redacts secrets in the free text of any row before it is hashed and written', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-audit-')), 'p.db');
    store = openStore(file);
    const password = 'Tr0ub4dor-and-3';
    store.audit.append(
      entry({ isError: true, error: `-32603 connect failed: postgres://app:${password}@db:5432/prod` }),
    );
    store.audit.append(
      entry({ decision: 'approve', reason: `denied by dashboard: use PGPASSWORD=${password}` }),
    );
    store.audit.appendNow(
      entry({
        kind: 'admin',
        event: 'client.connected',
        detail: `api_key=${password} in ~/.cursor/mcp.json`,
      }),
    );
    const rows = store.audit.query({});
    expect(rows.map((r) => r.detail ?? r.reason ?? r.error)).toEqual([
      'api_key=[REDACTED] in ~/.cursor/mcp.json',
      'denied by dashboard: use PGPASSWORD=[REDACTED]',
      '-32603 connect failed: postgres://app:[REDACTED]@db:5432/prod',
    ]);
    expect(store.audit.verify()).toMatchObject({ ok: true, rows: 3 });
    store.close();
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(password)).toBe(false);
  });

  it('keeps one chain when two connections (the gateway and a CLI command) write to the same file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-audit-')), 'p.db');
    store = openStore(file);
    const other = openStore(file);
    store.audit.appendNow(entry({ ts: 1 }));
    other.audit.appendNow(entry({ ts: 2, kind: 'admin', event: 'client.connected' }));
    store.audit.append(entry({ ts: 3 }));
    store.audit.append(entry({ ts: 4 }));
    store.audit.flush();
    other.audit.appendNow(entry({ ts: 5 }));
    expect(store.audit.query({}).map((r) => r.ts)).toEqual([5, 4, 3, 2, 1]);
    expect(other.audit.verify()).toMatchObject({ ok: true, rows: 5 });
    other.close();
  });
});
