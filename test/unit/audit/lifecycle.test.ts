import { afterEach, describe, expect, it } from 'vitest';
import { recoverAudit, STARTED, STOPPED, UNCLEAN_STOP } from '../../../main/audit/lifecycle';
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
