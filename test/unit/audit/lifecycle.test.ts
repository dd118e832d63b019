import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  recoverAudit,
  scheduleRetention,
  STARTED,
  STOPPED,
  UNCLEAN_STOP,
} from '../../../main/audit/lifecycle';
import { openStore, type Store } from '../../../main/store';
import { adminRow, entry, tempDatabase } from '../store/audit-fixtures';

describe('recovering the audit log at startup', () => {
  let store: Store;
  afterEach(() => store?.close());

  const admin = () => store.audit.query({ kind: 'admin' }).map((r) => [r.event, r.detail]);

  it('records nothing after a clean stop', () => {
    store = openStore(':memory:');
    store.audit.appendNow(adminRow(STARTED, 'pid 1'));
    store.audit.appendNow(adminRow(STOPPED, 'pid 1'));
    expect(recoverAudit(store.audit)).toBe(0);
    expect(admin().map(([event]) => event)).toEqual([STOPPED, STARTED]);
  });

  it('records an unclean stop even when no call was in flight', () => {
    store = openStore(':memory:');
    store.audit.appendNow(adminRow(STARTED, 'pid 1'));
    expect(recoverAudit(store.audit)).toBe(0);
    expect(admin()[0]).toEqual([
      UNCLEAN_STOP,
      expect.stringMatching(
        /stopped without shutting down \(started .*: pid 1\); 0 calls forwarded to their servers/,
      ),
    ]);
  });

  it('turns calls left in flight into rows, says how many, and checkpoints the new head', async () => {
    const file = tempDatabase();
    store = openStore(file);
    store.audit.appendNow(adminRow(STARTED, 'pid 1'));
    store.audit.begin({ ...entry({ tool: 'a' }), callId: 'c-1' });
    store.audit.begin({ ...entry({ tool: 'b' }), callId: 'c-2' });
    expect(recoverAudit(store.audit)).toBe(2);
    expect(admin()[0]![1]).toMatch(
      /2 calls forwarded to their servers and never answered are recorded as outcome unknown/,
    );
    expect(store.audit.query({ kind: 'call' }).map((r) => [r.tool, r.outcome])).toEqual([
      ['b', 'unknown'],
      ['a', 'unknown'],
    ]);
    expect(await store.audit.verify()).toMatchObject({ ok: true, checkpoint: { id: 4, matched: true } });
  });
});

describe('retention in the background', () => {
  afterEach(() => vi.useRealTimers());

  it('runs a minute after start and then hourly, with the settings of the moment', async () => {
    vi.useFakeTimers();
    const store = openStore(':memory:');
    for (let i = 0; i < 10; i++) store.audit.append(entry());
    store.audit.flush();
    let rows = 0;
    const logged: string[] = [];
    const stop = scheduleRetention(
      store.audit,
      () => ({ days: 0, rows }),
      (line) => logged.push(line),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.audit.count({}).total).toBe(10); // 0: keep everything
    rows = 4;
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    // The four newest calls, and the retention run's own admin row.
    expect(store.audit.count({ kind: 'call' }).total).toBe(4);
    expect(logged).toEqual(['[portcullis] audit retention removed 6 rows']);
    expect(await store.audit.verify()).toMatchObject({ ok: true, prunedThrough: 6 });
    stop();
    store.close();
  });
});
