import type { Database } from 'better-sqlite3';
import type { PolicyRevision } from '../../shared/api';

/**
 * Policy revisions. Every save is a new revision and none is ever overwritten; the newest is the
 * active one. The store keeps text: validation belongs to the policy module, before `save`.
 */
export class PolicyStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  active(): PolicyRevision | undefined {
    const row = this.db
      .prepare(
        'SELECT revision, document, source, created_at AS createdAt FROM policies ORDER BY revision DESC LIMIT 1',
      )
      .get() as PolicyRevision | undefined;
    return row;
  }

  save(document: string, source: string): number {
    const info = this.db
      .prepare('INSERT INTO policies (document, source, created_at) VALUES (?, ?, ?)')
      .run(document, source, this.now());
    return Number(info.lastInsertRowid);
  }

  /** Changes made by other processes since the last call (SQLite's data_version). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
