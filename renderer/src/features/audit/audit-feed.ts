import type { AuditRow } from '../../../../shared/audit';
import type { AuditFilter, AuditQuery } from '../../../../shared/audit-query';

export interface AuditFeedSizes {
  /** Rows per page down. */
  page: number;
  /** Rows per request when catching up with new rows (a stream of calls writes many at once). */
  catchUp: number;
  /** Catching up on more pages than this reloads the newest page instead of fetching them all. */
  catchUpPages: number;
  /**
   * Rows kept at most: past this, the oldest loaded go, and scrolling down pages them in again. A
   * page left open on a busy gateway does not grow without end.
   */
  kept: number;
}

export const auditFeedSizes: AuditFeedSizes = { page: 200, catchUp: 1000, catchUpPages: 5, kept: 20_000 };

export interface AuditFeedState {
  /** Newest first. */
  rows: readonly AuditRow[];
  status: 'loading' | 'ready' | 'error';
  error?: unknown;
  /** Older pages: `done` once the oldest matching row is loaded. */
  older: 'idle' | 'loading' | 'done' | 'error';
  olderError?: unknown;
}

export interface AuditFeed {
  get(): AuditFeedState;
  subscribe(listener: () => void): () => void;
  /** Loads the newest page (again, after `stop`). */
  start(): void;
  /** Loads the next page below the oldest row loaded (keyset: `beforeId`), once at a time. */
  loadOlder(): void;
  /** The log now ends at `lastId`: fetch the new matching rows above the newest loaded. */
  catchUp(lastId: number): void;
  /** Drops answers still on their way; `start` resumes. */
  stop(): void;
}

/**
 * The Audit page's rows for one filter, over the whole log: pages down by keyset as the person
 * scrolls, and new rows added at the top as the `audit` event says they exist, without reading
 * the loaded pages again (rows never change once written). A new filter is a new feed.
 */
export function createAuditFeed(
  query: (args: AuditQuery) => Promise<AuditRow[]>,
  filter: AuditFilter,
  sizes: AuditFeedSizes = auditFeedSizes,
): AuditFeed {
  const pageSize = sizes.page;
  let state: AuditFeedState = { rows: [], status: 'loading', older: 'idle' };
  const listeners = new Set<() => void>();
  let stopped = false;
  let generation = 0;
  let catchingUp = false;
  let wantedLastId = 0;
  /** Every matching row up to this id is loaded (the log's last id when a query last came up short). */
  let checkedThrough = 0;

  const set = (next: Partial<AuditFeedState>) => {
    if (stopped) return;
    state = { ...state, ...next };
    for (const listener of [...listeners]) listener();
  };
  const newestId = () => state.rows[0]?.id ?? 0;
  const oldestId = () => state.rows[state.rows.length - 1]?.id;

  /** `soft`: keep showing the rows until the newest page replaces them (far behind, not a new start). */
  const start = (soft = false) => {
    stopped = false;
    const mine = ++generation;
    const asked = wantedLastId;
    catchingUp = false;
    if (!soft) set({ status: 'loading', older: 'idle' });
    query({ ...filter, limit: pageSize }).then(
      (page) => {
        if (mine !== generation) return;
        const rows = newestFirst(page);
        checkedThrough = Math.max(asked, rows[0]?.id ?? 0);
        set({ rows, status: 'ready', older: page.length < pageSize ? 'done' : 'idle' });
        if (wantedLastId > checkedThrough) catchUp(wantedLastId);
      },
      (error: unknown) => {
        if (mine === generation) set({ status: 'error', error });
      },
    );
  };

  const loadOlder = () => {
    if (state.status !== 'ready' || state.older === 'loading' || state.older === 'done') return;
    const beforeId = oldestId();
    if (beforeId === undefined) return set({ older: 'done' });
    const mine = generation;
    set({ older: 'loading' });
    query({ ...filter, limit: pageSize, beforeId }).then(
      (page) => {
        if (mine !== generation) return;
        const below = newestFirst(page).filter((row) => row.id < beforeId);
        set({ rows: [...state.rows, ...below], older: page.length < pageSize ? 'done' : 'idle' });
      },
      (error: unknown) => {
        if (mine === generation) set({ older: 'error', olderError: error });
      },
    );
  };

  const catchUp = (lastId: number) => {
    wantedLastId = Math.max(wantedLastId, lastId);
    if (state.status !== 'ready' || catchingUp || wantedLastId <= Math.max(checkedThrough, newestId()))
      return;
    catchingUp = true;
    const mine = generation;
    void (async () => {
      try {
        for (let pages = 0; wantedLastId > Math.max(checkedThrough, newestId()); pages++) {
          if (pages === sizes.catchUpPages) {
            // Far behind (a burst while the tab slept): the newest rows matter, not every one between.
            start(true);
            return;
          }
          const afterId = newestId();
          const asked = wantedLastId;
          const page = await query({ ...filter, limit: sizes.catchUp, afterId });
          if (mine !== generation) return;
          const above = newestFirst(page).filter((row) => row.id > afterId);
          if (above.length > 0) {
            const rows = [...above, ...state.rows];
            set(rows.length > sizes.kept ? { rows: rows.slice(0, sizes.kept), older: 'idle' } : { rows });
          }
          // Nothing newer matches this filter: caught up through what the log held when asked.
          if (page.length < sizes.catchUp) checkedThrough = Math.max(checkedThrough, asked);
        }
      } catch {
        // The next event tries again; the rows already shown stay.
      } finally {
        if (mine === generation) catchingUp = false;
      }
    })();
  };

  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => start(),
    loadOlder,
    catchUp,
    stop() {
      stopped = true;
      generation++;
      catchingUp = false;
    },
  };
}

function newestFirst(page: readonly AuditRow[]): AuditRow[] {
  return [...page].sort((a, b) => b.id - a.id);
}
