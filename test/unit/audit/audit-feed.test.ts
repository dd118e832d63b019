import { afterEach, describe, expect, it } from 'vitest';
import type { AuditQuery } from '../../../shared/audit-query';
import { openStore, type Store } from '../../../main/store';
import {
  createAuditFeed,
  type AuditFeed,
  type AuditFeedSizes,
} from '../../../renderer/src/features/audit/audit-feed';
import { entry } from '../store/audit-fixtures';

let store: Store;
afterEach(() => store?.close());

function storeWith(calls: number, tool = (i: number) => (i % 2 === 0 ? 'read_file' : 'write_file')): Store {
  store = openStore(':memory:');
  for (let i = 0; i < calls; i++) store.audit.append(entry({ tool: tool(i), ts: 1_700_000_000_000 + i }));
  store.audit.flush();
  return store;
}

/** The real store behind the feed, over an async hop as the API would be; every query recorded. */
function realQuery(asked: AuditQuery[] = []) {
  return async (query: AuditQuery) => {
    asked.push(query);
    await Promise.resolve();
    return store.audit.query(query);
  };
}

async function settle(feed: AuditFeed, until: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !until(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(until(), JSON.stringify({ ...feed.get(), rows: feed.get().rows.length })).toBe(true);
}

const ids = (feed: AuditFeed) => feed.get().rows.map((row) => row.id);
const sizes = (page: number, more: Partial<AuditFeedSizes> = {}): AuditFeedSizes => ({
  page,
  catchUp: page,
  catchUpPages: 5,
  kept: 10_000,
  ...more,
});

describe('the Audit page rows for a filter', () => {
  it('pages down the whole log by keyset, newest first, without gaps or repeats', async () => {
    storeWith(95);
    const feed = createAuditFeed(realQuery(), {}, sizes(20));
    feed.start();
    await settle(feed, () => feed.get().status === 'ready');
    expect(ids(feed)).toEqual(Array.from({ length: 20 }, (_, i) => 95 - i));
    while (feed.get().older !== 'done') {
      feed.loadOlder();
      feed.loadOlder(); // a second call while one is on its way adds nothing
      await settle(feed, () => feed.get().older !== 'loading');
    }
    expect(ids(feed)).toEqual(Array.from({ length: 95 }, (_, i) => 95 - i));
  });

  it('adds new matching rows at the top as the log grows, asking only for rows above the newest', async () => {
    storeWith(10);
    const asked: AuditQuery[] = [];
    const feed = createAuditFeed(realQuery(asked), { tool: 'read_file' }, sizes(20));
    feed.start();
    await settle(feed, () => feed.get().status === 'ready');
    expect(ids(feed)).toEqual([9, 7, 5, 3, 1]);

    for (let i = 10; i < 14; i++)
      store.audit.append(entry({ tool: i % 2 === 0 ? 'read_file' : 'write_file' }));
    store.audit.flush();
    feed.catchUp(14);
    feed.catchUp(14);
    await settle(feed, () => ids(feed)[0] === 13);
    expect(ids(feed)).toEqual([13, 11, 9, 7, 5, 3, 1]);
    expect(asked.slice(1)).toEqual([{ tool: 'read_file', limit: 20, afterId: 9 }]);

    // The newest rows do not match: asked once, then not again for the same end of the log.
    store.audit.append(entry({ tool: 'write_file' }));
    store.audit.flush();
    feed.catchUp(15);
    await settle(feed, () => asked.length === 3);
    feed.catchUp(15);
    await new Promise((r) => setTimeout(r, 5));
    expect(asked).toHaveLength(3);
  });

  it('starts again from the newest rows when it has fallen far behind', async () => {
    storeWith(5, () => 'read_file');
    const feed = createAuditFeed(realQuery(), {}, sizes(10));
    feed.start();
    await settle(feed, () => feed.get().status === 'ready');
    const statuses: string[] = [];
    feed.subscribe(() => statuses.push(feed.get().status));
    for (let i = 0; i < 100; i++) store.audit.append(entry({}));
    store.audit.flush();
    feed.catchUp(105);
    await settle(feed, () => ids(feed)[0] === 105);
    expect(ids(feed)).toEqual(Array.from({ length: 10 }, (_, i) => 105 - i));
    expect(feed.get().older).toBe('idle');
    // The rows on screen stay until the newest page replaces them: no flash of "Loading".
    expect(statuses).not.toContain('loading');
  });

  it('keeps at most so many rows while new ones stream in; the oldest page in again on scrolling', async () => {
    storeWith(30, () => 'read_file');
    const feed = createAuditFeed(realQuery(), {}, sizes(10, { kept: 25 }));
    feed.start();
    await settle(feed, () => feed.get().status === 'ready');
    feed.loadOlder();
    await settle(feed, () => feed.get().rows.length === 20);
    for (let i = 0; i < 8; i++) store.audit.append(entry({}));
    store.audit.flush();
    feed.catchUp(38);
    await settle(feed, () => ids(feed)[0] === 38);
    expect(ids(feed)).toEqual(Array.from({ length: 25 }, (_, i) => 38 - i));
    expect(feed.get().older).toBe('idle');
    feed.loadOlder();
    await settle(feed, () => feed.get().rows.length === 35);
    expect(ids(feed).at(-1)).toBe(4);
  });

  it('drops answers that arrive after it stopped, and says when a page could not load', async () => {
    storeWith(3);
    let fail = false;
    const feed = createAuditFeed(async (query) => {
      await Promise.resolve();
      if (fail) throw new Error('gateway gone');
      return store.audit.query(query);
    }, {});
    feed.start();
    feed.stop();
    await new Promise((r) => setTimeout(r, 5));
    expect(feed.get().status).toBe('loading');
    feed.start();
    await settle(feed, () => feed.get().status === 'ready');
    fail = true;
    feed.start();
    await settle(feed, () => feed.get().status === 'error');
    expect(String(feed.get().error)).toContain('gateway gone');
  });
});
