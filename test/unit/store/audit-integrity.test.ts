import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { auditCheckpointPath, openStore, type Store } from '../../../main/store';
import { chainHash, GENESIS } from '../../../main/store/audit-chain';
import { UNKNOWN_ERROR } from '../../../main/store/audit-log';
import { adminRow, entry, tempDatabase } from './audit-fixtures';

/** What an attacker with the user's rights does: edit the database file with another connection. */
function tamper(file: string, run: (db: BetterSqlite3.Database) => void): void {
  const db = new BetterSqlite3(file);
  run(db);
  db.close();
}

describe('audit integrity', () => {
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
  });

  function filled(rows = 10): { file: string; store: Store } {
    const file = tempDatabase();
    store = openStore(file);
    for (let i = 0; i < rows; i++) store.audit.append(entry({ ts: 1000 + i, args: `{"i":${i}}` }));
    store.audit.flush();
    return { file, store };
  }

  it('verifies an untouched chain and finds an edited and a deleted row', async () => {
    store = openStore(':memory:');
    for (let i = 0; i < 5; i++) store.audit.append(entry({ ts: i }));
    store.audit.flush();
    expect(await store.audit.verify()).toMatchObject({ ok: true, rows: 5 });
    store.db.prepare("UPDATE audit SET outcome = 'allowed', tool = 'other' WHERE id = 3").run();
    expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
    store.db.prepare("UPDATE audit SET tool = 'read_file' WHERE id = 3").run();
    store.db.prepare('DELETE FROM audit WHERE id = 2').run();
    expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('keeps the checkpoint outside the database, user-only, at the head of the chain', async () => {
    const { file, store } = filled(3);
    const checkpoint = JSON.parse(readFileSync(auditCheckpointPath(file), 'utf8')) as {
      id: number;
      hash: string;
    };
    expect(checkpoint).toMatchObject({ id: 3, hash: store.audit.query({ limit: 1 })[0]!.hash });
    if (process.platform !== 'win32') expect(statSync(auditCheckpointPath(file)).mode & 0o777).toBe(0o600);
    expect(await store.audit.verify()).toMatchObject({ ok: true, checkpoint: { id: 3, matched: true } });
  });

  it('fails verify when the newest rows are deleted, which the chain alone cannot see', async () => {
    const { file, store } = filled(10);
    tamper(file, (db) => db.prepare('DELETE FROM audit WHERE id > 7').run());
    const result = await store.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/rows were removed from its end.*names row #10; the log now ends at #7/);
  });

  it('fails verify when the history was rewritten and chained again up to the checkpoint', async () => {
    const { file, store } = filled(10);
    tamper(file, (db) => {
      // Rewrite row 4's arguments and recompute every hash after it, as a careful attacker would.
      const rows = db.prepare('SELECT * FROM audit ORDER BY id').all() as Record<string, unknown>[];
      let prev = GENESIS;
      const update = db.prepare('UPDATE audit SET args = ?, prev_hash = ?, hash = ? WHERE id = ?');
      for (const r of rows) {
        const args = r.id === 4 ? '{"i":"nothing to see"}' : (r.args as string);
        const hash = chainHash(prev, {
          ...entry({ ts: r.ts as number, args }),
        });
        update.run(args, prev, hash, r.id);
        prev = hash;
      }
    });
    const rechained = store.audit.query({ limit: 100 });
    expect(rechained.find((r) => r.id === 4)!.args).toBe('{"i":"nothing to see"}');
    const result = await store.audit.verify();
    expect(result).toMatchObject({ ok: false, checkpoint: { id: 10, matched: false } });
    expect(result.message).toMatch(/rewritten and chained again/);
  });

  it('fails verify when the checkpoint file is deleted, and when it is garbage', async () => {
    const { file, store } = filled(4);
    rmSync(auditCheckpointPath(file));
    expect(await store.audit.verify()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/checkpoint .* is missing/),
    });
    writeFileSync(auditCheckpointPath(file), 'not json');
    expect(await store.audit.verify()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is not JSON/),
    });
    // The next batch replaces it with a good one.
    store.audit.appendNow(entry());
    expect(await store.audit.verify()).toMatchObject({ ok: true, checkpoint: { id: 5, matched: true } });
  });

  it('keeps a batch it could not write (the database locked by another writer) and writes it next time', async () => {
    const file = tempDatabase();
    store = openStore(file);
    store.db.pragma('busy_timeout = 0');
    store.audit.appendNow(entry({ tool: 'first' }));
    const other = new BetterSqlite3(file);
    other.prepare('BEGIN IMMEDIATE').run();
    store.audit.append(entry({ tool: 'second' }));
    store.audit.append(entry({ tool: 'third' }));
    expect(() => store!.audit.flush()).toThrow(/locked|busy/i);
    other.prepare('ROLLBACK').run();
    other.close();
    expect(store.audit.flush()).toBe(2);
    expect(store.audit.query({}).map((r) => r.tool)).toEqual(['third', 'second', 'first']);
    expect(await store.audit.verify()).toMatchObject({ ok: true, rows: 3 });
  });

  it('records a forwarded call before it runs, and turns it into "outcome unknown" after a crash', () => {
    const file = tempDatabase();
    // A flush that would come long after the "crash" below (the process is gone by then).
    const gateway = openStore(file, { auditFlushDelayMs: 2 ** 30 });
    gateway.audit.begin({ ...entry({ tool: 'rm_rf', outcome: 'unknown' }), callId: 'c-1' });
    gateway.audit.begin({ ...entry({ tool: 'finished' }), callId: 'c-2' });
    gateway.audit.append({ ...entry({ tool: 'finished', outcome: 'allowed' }), callId: 'c-2' });
    // The row for c-2 is queued, not written: a kill -9 now loses it, but not the in-flight record,
    // which is with the OS already (the journal beside the database).
    const journal = readFileSync(join(dirname(file), 'audit-inflight.log'), 'utf8');
    expect(
      journal
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { callId: string }).callId),
    ).toEqual(['c-1', 'c-2']);
    gateway.db.close(); // no flush: the process died

    store = openStore(file);
    expect(store.audit.recover()).toBe(2);
    const rows = store.audit.query({});
    expect(rows.map((r) => [r.tool, r.outcome, r.error])).toEqual([
      ['finished', 'unknown', UNKNOWN_ERROR],
      ['rm_rf', 'unknown', UNKNOWN_ERROR],
    ]);
    expect(store.audit.inFlight()).toBe(0);
    expect(store.audit.recover()).toBe(0);
  });

  it('does not call a call unknown whose row was written just before the crash', () => {
    const file = tempDatabase();
    const gateway = openStore(file, { auditFlushDelayMs: 2 ** 30 });
    gateway.audit.begin({ ...entry({ tool: 'done' }), callId: 'c-1' });
    gateway.audit.begin({ ...entry({ tool: 'running' }), callId: 'c-2' });
    gateway.audit.appendNow({ ...entry({ tool: 'done', outcome: 'allowed' }), callId: 'c-1' });
    gateway.db.close();
    store = openStore(file);
    expect(store.audit.recover()).toBe(1);
    expect(store.audit.query({}).map((r) => [r.tool, r.outcome])).toEqual([
      ['running', 'unknown'],
      ['done', 'allowed'],
    ]);
  });

  it('empties the journal once nothing is in flight', () => {
    const file = tempDatabase();
    store = openStore(file);
    store.audit.begin({ ...entry(), callId: 'c-1' });
    const journal = join(dirname(file), 'audit-inflight.log');
    expect(statSync(journal).size).toBeGreaterThan(0);
    store.audit.appendNow({ ...entry({ outcome: 'allowed' }), callId: 'c-1' });
    expect(statSync(journal).size).toBe(0);
    expect((statSync(journal).mode & 0o777).toString(8)).toBe('600');
  });

  it('clears a call from in flight once its row is written', () => {
    store = openStore(':memory:');
    store.audit.begin({ ...entry(), callId: 'c-1' });
    expect(store.audit.inFlight()).toBe(1);
    store.audit.append({ ...entry({ outcome: 'allowed' }), callId: 'c-1' });
    expect(store.audit.inFlight()).toBe(1);
    store.audit.flush();
    expect(store.audit.inFlight()).toBe(0);
  });

  it('prunes by rows and by days and still verifies, from the anchor', async () => {
    const now = 1_700_000_000_000;
    const day = 86_400_000;
    const file = tempDatabase();
    store = openStore(file, { now: () => now });
    for (let i = 0; i < 30; i++) store.audit.append(entry({ ts: now - (30 - i) * day, tool: `t${i % 3}` }));
    store.audit.flush();
    expect(await store.audit.prune({ days: 10, rows: 0 })).toBe(20);
    const afterDays = await store.audit.verify();
    expect(afterDays).toMatchObject({ ok: true, prunedThrough: 20, checkpoint: { matched: true } });
    expect(
      store.audit
        .query({ limit: 100 })
        .map((r) => r.id)
        .at(-1),
    ).toBe(21);
    expect(store.audit.query({ kind: 'admin' })[0]).toMatchObject({
      event: 'audit.pruned',
      detail: expect.stringMatching(/through #20/),
    });
    expect(store.audit.count({}).total).toBe(11);
    expect(store.audit.count({ kind: 'call', tool: 't0' }).total).toBe(
      store.audit.query({ tool: 't0', limit: 100 }).length,
    );

    expect(await store.audit.prune({ days: 0, rows: 4 })).toBe(7);
    expect(await store.audit.verify()).toMatchObject({ ok: true, prunedThrough: 27 });
    store.audit.appendNow(entry());
    expect(await store.audit.verify()).toMatchObject({ ok: true, rows: 6 });
    expect(await store.audit.prune({ days: 0, rows: 10 })).toBe(0);
  });

  it('does not take rows removed from the start for retention unless a retention run said so', async () => {
    const { file, store } = filled(10);
    tamper(file, (db) => {
      const hash = (db.prepare('SELECT hash FROM audit WHERE id = 3').get() as { hash: string }).hash;
      db.prepare('DELETE FROM audit WHERE id <= 3').run();
      db.prepare('INSERT INTO audit_anchor (id, through_id, hash, pruned_at) VALUES (1, 3, ?, 0)').run(hash);
    });
    expect(await store.audit.verify()).toMatchObject({
      ok: false,
      message: expect.stringMatching(/rows up to #3 are gone, and no retention run recorded removing them/),
    });
  });

  it('finds rows removed from the start without an anchor', async () => {
    const { file, store } = filled(5);
    tamper(file, (db) => db.prepare('DELETE FROM audit WHERE id <= 2').run());
    expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('verifies rows written before outcomes were kept, and new ones after', async () => {
    store = openStore(':memory:');
    const legacy = entry({ outcome: undefined });
    delete legacy.outcome;
    store.audit.append(legacy);
    store.audit.append(adminRow('policy.saved'));
    store.audit.append(
      entry({ outcome: 'approved', approver: 'popup', scope: 'session', resultPreview: 'ok' }),
    );
    store.audit.flush();
    expect(await store.audit.verify()).toMatchObject({ ok: true, rows: 3 });
    store.db.prepare("UPDATE audit SET scope = 'always' WHERE id = 3").run();
    expect(await store.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
