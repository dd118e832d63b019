import type { Database } from 'better-sqlite3';
import { adminEntry, type AuditEntry } from '../../shared/audit';
import type { AuditRollup } from './audit-rollup';
import type { HourIds } from './audit-hours';
import type { SearchIndex } from './audit-search';

export const PRUNED_EVENT = 'audit.pruned';
const DAY_MS = 86_400_000;
/** Rows deleted per transaction: each is short, so the gateway keeps answering between them. */
const CHUNK = 1000;

/** How much of the log to keep; 0 keeps everything. */
export interface Retention {
  days: number;
  rows: number;
}

/**
 * The newest row retention should remove (all rows up to it go), or undefined when nothing is
 * due. By days: every row before the first one recorded within the window. By rows: all but the
 * newest `rows`. When both are set, whichever removes more.
 */
export function pruneTarget(db: Database, retention: Retention, now: number): number | undefined {
  const { max, min } = db.prepare('SELECT max(id) AS max, min(id) AS min FROM audit').get() as {
    max: number | null;
    min: number | null;
  };
  if (max === null || min === null) return undefined;
  let target = 0;
  if (retention.days > 0) {
    const firstKept = db
      .prepare('SELECT min(id) AS id FROM audit WHERE ts >= ?')
      .get(now - retention.days * DAY_MS) as { id: number | null };
    target = Math.max(target, (firstKept.id ?? max + 1) - 1);
  }
  if (retention.rows > 0) target = Math.max(target, max - retention.rows);
  return target >= min ? target : undefined;
}

/** The newest row a retention run announced it would remove (its admin row says `through #N`). */
export function prunedThrough(db: Database): number | undefined {
  const row = db
    .prepare(`SELECT detail FROM audit WHERE kind = 'admin' AND event = ? ORDER BY id DESC LIMIT 1`)
    .get(PRUNED_EVENT) as { detail: string | null } | undefined;
  const match = /through #(\d+)/.exec(row?.detail ?? '');
  return match ? Number(match[1]) : undefined;
}

export interface PruneDeps {
  db: Database;
  rollup: AuditRollup;
  search: SearchIndex;
  hours: HourIds;
  /** Write an admin row at once (it joins the chain before anything is removed). */
  record(entry: AuditEntry): void;
  now(): number;
}

/**
 * Remove the oldest rows retention no longer keeps, without breaking `verify`: first a chained
 * admin row says what will go, then rows go in short transactions, each moving the anchor (the hash
 * of the last row removed) that the chain is verified from. Returns the number of rows removed.
 */
export async function pruneAudit(deps: PruneDeps, retention: Retention): Promise<number> {
  const { db } = deps;
  const target = pruneTarget(db, retention, deps.now());
  if (target === undefined) return 0;
  const why = [
    retention.days > 0 ? `older than ${retention.days} days` : undefined,
    retention.rows > 0 ? `beyond the newest ${retention.rows}` : undefined,
  ]
    .filter(Boolean)
    .join(' or ');
  deps.record(retentionEntry(deps.now(), `removing rows through #${target}: rows ${why}`));

  const hashOf = db.prepare('SELECT hash FROM audit WHERE id = ?');
  const remove = db.prepare('DELETE FROM audit WHERE id > ? AND id <= ?');
  const anchor = db.prepare(
    `INSERT INTO audit_anchor (id, through_id, hash, pruned_at) VALUES (1, @through, @hash, @now)
     ON CONFLICT (id) DO UPDATE SET through_id = excluded.through_id, hash = excluded.hash, pruned_at = excluded.pruned_at`,
  );
  let from = (db.prepare('SELECT coalesce(min(id), 1) - 1 AS id FROM audit').get() as { id: number }).id;
  let removed = 0;
  while (from < target) {
    const through = Math.min(from + CHUNK, target);
    removed += db
      .transaction(() => {
        const last = hashOf.get(through) as { hash: string } | undefined;
        if (!last) throw new Error(`audit row #${through} is missing; retention stopped`);
        deps.rollup.forget(from, through);
        deps.search.forget(from, through);
        deps.hours.forget(through);
        anchor.run({ through, hash: last.hash, now: deps.now() });
        return remove.run(from, through).changes;
      })
      .immediate();
    from = through;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return removed;
}

function retentionEntry(ts: number, detail: string): AuditEntry {
  return { ...adminEntry(PRUNED_EVENT, detail), ts };
}
