import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { openStore, type Store } from '../../../main/store';
import { adminRow, entry, tempDatabase } from './audit-fixtures';

describe('AuditLog', () => {
  let store: Store;
  afterEach(() => store?.close());

  it('batches rows until flushed, then reads them back exactly', () => {
    store = openStore(':memory:', { auditFlushDelayMs: 60_000 });
    store.audit.append(entry({ approver: 'cli', scope: 'once', outcome: 'approved', callId: 'c-1' }));
    store.audit.append(
      entry({ tool: 'write_file', decision: 'deny', isError: true, latencyMs: 0, outcome: 'denied' }),
    );
    expect(store.audit.query({})).toHaveLength(0);
    expect(store.audit.flush()).toBe(2);
    const rows = store.audit.query({});
    expect(rows.map((r) => r.tool)).toEqual(['write_file', 'read_file']);
    expect(rows[1]).toMatchObject({
      ...entry({ approver: 'cli', scope: 'once', outcome: 'approved', callId: 'c-1' }),
      id: 1,
      resultPreview: null,
    });
    expect(rows[0]).toMatchObject({ decision: 'deny', isError: true, outcome: 'denied' });
    expect(rows[0]!.prevHash).toBe(rows[1]!.hash);
  });

  it('filters by server, tool, decision, outcome, kind, session and time, and pages by id', () => {
    store = openStore(':memory:');
    for (let i = 0; i < 10; i++) {
      store.audit.append(
        entry({
          ts: 1000 + i,
          tool: i % 2 ? 'a' : 'b',
          decision: i < 5 ? 'allow' : 'deny',
          outcome: i < 5 ? 'allowed' : i < 8 ? 'denied' : 'rejected',
          sessionId: i < 3 ? 's1' : 's2',
        }),
      );
    }
    store.audit.append(adminRow('policy.saved'));
    store.audit.flush();
    expect(store.audit.query({ tool: 'a' })).toHaveLength(5);
    expect(store.audit.query({ decision: 'deny', tool: 'b' }).map((r) => r.id)).toEqual([9, 7]);
    expect(store.audit.query({ kind: 'admin' })).toHaveLength(1);
    expect(store.audit.query({ since: 1008, kind: 'call' }).map((r) => r.id)).toEqual([10, 9]);
    expect(store.audit.query({ since: 1002, until: 1004 }).map((r) => r.id)).toEqual([4, 3]);
    expect(store.audit.query({ outcome: 'rejected' }).map((r) => r.id)).toEqual([10, 9]);
    expect(store.audit.query({ outcome: ['denied', 'rejected'] }).map((r) => r.id)).toEqual([10, 9, 8, 7, 6]);
    expect(store.audit.query({ sessionId: 's1' }).map((r) => r.id)).toEqual([3, 2, 1]);
    expect(store.audit.query({ beforeId: 4, limit: 2 }).map((r) => r.id)).toEqual([3, 2]);
    expect(store.audit.query({ afterId: 8 }).map((r) => r.id)).toEqual([9, 10, 11]);
  });

  it('finds a long call in its own hour even though it was written hours later (ids follow the end)', () => {
    store = openStore(':memory:');
    const hour = 3_600_000;
    const t0 = 1_700_000_000_000 - (1_700_000_000_000 % hour);
    for (let i = 0; i < 5; i++) store.audit.append(entry({ ts: t0 + 3 * hour + i, args: `{"i":${i}}` }));
    store.audit.append(entry({ ts: t0 + 10, args: '{"slow":"approval"}', tool: 'slow' })); // started first, ended last
    for (let i = 0; i < 5; i++) store.audit.append(entry({ ts: t0 + 4 * hour + i }));
    store.audit.flush();
    expect(store.audit.query({ since: t0, until: t0 + hour }).map((r) => r.tool)).toEqual(['slow']);
    expect(store.audit.query({ since: t0, until: t0 + hour, text: 'approval' }).map((r) => r.id)).toEqual([
      6,
    ]);
    expect(store.audit.query({ since: t0 + 3 * hour, until: t0 + 4 * hour })).toHaveLength(5);
    expect(store.audit.query({ since: t0 + 5 * hour })).toEqual([]);
    expect(store.audit.query({ until: t0 + 3 * hour }).map((r) => r.id)).toEqual([6]);
  });

  it('finds a call by full-text search over arguments, results, reasons, errors and details', () => {
    store = openStore(':memory:');
    store.audit.append(entry({ args: '{"path":"/srv/invoices/march.pdf"}' }));
    store.audit.append(
      entry({ tool: 'delete_file', outcome: 'rejected', reason: 'not the production bucket' }),
    );
    store.audit.append(entry({ resultPreview: 'Found 3 tickets for Zanzibar', callId: 'c-3' }));
    store.audit.append(entry({ outcome: 'server_error', error: '-32602 ENOENT: no such file' }));
    store.audit.append(adminRow('client.connected', 'filesystem in claude_desktop_config.json'));
    for (let i = 0; i < 20; i++) store.audit.append(entry({ args: `{"n":${i}}` }));
    store.audit.flush();
    const ids = (text: string, more = {}) => store.audit.query({ text, ...more }).map((r) => r.id);
    expect(ids('invoices')).toEqual([1]);
    expect(ids('production bucket')).toEqual([2]);
    expect(ids('bucket production')).toEqual([2]);
    expect(ids('zanzib*')).toEqual([3]);
    expect(ids('ENOENT')).toEqual([4]);
    expect(ids('claude_desktop_config')).toEqual([5]);
    expect(ids('delete_file')).toEqual([2]);
    expect(ids('invoices', { tool: 'other' })).toEqual([]);
    // Paging through matches in id order, both ways.
    expect(ids('n', { limit: 5 })).toEqual([25, 24, 23, 22, 21]);
    expect(ids('n', { limit: 3, beforeId: 22 })).toEqual([21, 20, 19]);
    expect(ids('n', { limit: 2, afterId: 6 })).toEqual([7, 8]);
    expect(store.audit.count({ text: 'n' })).toEqual({ total: 20, exact: true });
  });

  it('caps the count of a search at 10,000 and says it is not exact', () => {
    store = openStore(':memory:');
    for (let i = 0; i <= 10_000; i++) store.audit.append(entry({ args: `{"word":"common ${i}"}` }));
    store.audit.flush();
    expect(store.audit.count({ text: 'common' })).toEqual({ total: 10_000, exact: false });
    expect(store.audit.count({ text: 'common', since: 0 })).toEqual({ total: 10_000, exact: false });
    expect(store.audit.count({ text: '"common 77"' })).toEqual({ total: 1, exact: true });
    expect(store.audit.count({})).toEqual({ total: 10_001, exact: true });
  });

  it('reads FTS5 operators and quotes in a search as words, never as syntax', () => {
    store = openStore(':memory:');
    store.audit.append(entry({ args: '{"q":"a \\"quoted\\" NEAR OR thing"}' }));
    store.audit.flush();
    for (const text of [
      '"',
      'NEAR(',
      'a OR',
      '"quoted',
      'tool:read',
      '*',
      '-thing',
      'thing)',
      "'; DROP TABLE audit; --",
    ]) {
      expect(() => store.audit.query({ text }), text).not.toThrow(/fts5|syntax/i);
    }
    expect(store.audit.query({ text: '"quoted"' })).toHaveLength(1);
    expect(store.audit.query({ text: 'NEAR OR' })).toHaveLength(1);
    const refused = (() => {
      try {
        store.audit.query({ text: '*** !!' });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).message).toMatch(/no letters or digits/);
  });

  it('gets one row by id or by its live call id, and says when there is none', () => {
    store = openStore(':memory:');
    store.audit.append(entry({ callId: 'live-1' }));
    store.audit.flush();
    expect(store.audit.get({ id: 1 })).toMatchObject({ id: 1, callId: 'live-1' });
    expect(store.audit.get({ callId: 'live-1' })).toMatchObject({ id: 1 });
    expect(() => store.audit.get({ callId: 'live-2' })).toThrow(/no audit row for call live-2/);
  });

  it('keeps one chain when two connections (the gateway and a CLI command) write to the same file', async () => {
    const file = tempDatabase();
    store = openStore(file);
    const other = openStore(file);
    store.audit.appendNow(entry({ ts: 1 }));
    other.audit.appendNow(adminRow('client.connected'));
    store.audit.append(entry({ ts: 3 }));
    store.audit.append(entry({ ts: 4 }));
    store.audit.flush();
    other.audit.appendNow(entry({ ts: 5 }));
    expect(store.audit.query({}).map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    expect(await other.audit.verify()).toMatchObject({ ok: true, rows: 5 });
    expect(await store.audit.verify()).toMatchObject({
      ok: true,
      rows: 5,
      checkpoint: { id: 5, matched: true },
    });
    other.close();
  });

  it('redacts secrets in the free text of any row before it is hashed and written', async () => {
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
    expect(await store.audit.verify()).toMatchObject({ ok: true, rows: 3 });
    store.close();
    const bytes = Buffer.concat(
      [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(password)).toBe(false);
  });
});
