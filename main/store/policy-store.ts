import type { Database } from 'better-sqlite3';
import type { PolicyRevision } from '../../shared/api';

export interface PolicyDraft {
  document: string;
  shadow: boolean;
  updatedAt: number;
}

/**
 * Policy revisions and the one draft. Every save is a new revision and
 * none is ever overwritten; the newest is the active one. The store keeps text: validation belongs
 * to the policy module, before `save`.
 */
export class PolicyStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  active(): PolicyRevision | undefined {
    return this.db
      .prepare(
        'SELECT revision, document, source, created_at AS createdAt FROM policies ORDER BY revision DESC LIMIT 1',
      )
      .get() as PolicyRevision | undefined;
  }

  get(revision: number): PolicyRevision | undefined {
    return this.db
      .prepare('SELECT revision, document, source, created_at AS createdAt FROM policies WHERE revision = ?')
      .get(revision) as PolicyRevision | undefined;
  }

  /** Newest first, without the documents. */
  list(limit = 200): Omit<PolicyRevision, 'document'>[] {
    return this.db
      .prepare(
        'SELECT revision, source, created_at AS createdAt FROM policies ORDER BY revision DESC LIMIT ?',
      )
      .all(limit) as Omit<PolicyRevision, 'document'>[];
  }

  save(document: string, source: string): number {
    const info = this.db
      .prepare('INSERT INTO policies (document, source, created_at) VALUES (?, ?, ?)')
      .run(document, source, this.now());
    return Number(info.lastInsertRowid);
  }

  draft(): PolicyDraft | undefined {
    const row = this.db
      .prepare('SELECT document, shadow, updated_at AS updatedAt FROM policy_draft WHERE id = 1')
      .get() as { document: string; shadow: number; updatedAt: number } | undefined;
    return row && { document: row.document, shadow: row.shadow === 1, updatedAt: row.updatedAt };
  }

  saveDraft(document: string, shadow: boolean): void {
    this.db
      .prepare(
        `INSERT INTO policy_draft (id, document, shadow, updated_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET document = excluded.document, shadow = excluded.shadow, updated_at = excluded.updated_at`,
      )
      .run(document, shadow ? 1 : 0, this.now());
  }

  clearDraft(): void {
    this.db.prepare('DELETE FROM policy_draft').run();
  }

  /** Changes made by other processes since the last call (SQLite's data_version). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
