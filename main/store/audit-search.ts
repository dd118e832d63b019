import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry } from '../../shared/audit';

/**
 * How much of each field the search index reads. Arguments and results can be megabytes; indexing
 * all of it would make every write pay for text nobody searches. Rows keep their whole text.
 */
export const INDEXED_CHARS = 16 * 1024;

/**
 * The full-text index (`audit_fts`, contentless): the writer adds each row as it appends it, in the
 * same transaction, and retention removes rows by id. Direct inserts cost a third of what a
 * trigger into an external-content table does, and let the indexed text be capped.
 */
export class SearchIndex {
  private readonly insert: Statement;
  private readonly remove: Statement;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO audit_fts (rowid, tool, args, result_preview, reason, error, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.remove = db.prepare('DELETE FROM audit_fts WHERE rowid = ?');
  }

  add(id: number, e: AuditEntry): void {
    this.insert.run(
      id,
      e.tool,
      cap(e.args),
      cap(e.resultPreview),
      cap(e.reason),
      cap(e.error),
      cap(e.detail),
    );
  }

  /** Rows (from, through] are about to be deleted (inside the pruner's transaction). */
  forget(from: number, through: number): void {
    for (let id = from + 1; id <= through; id++) this.remove.run(id);
  }
}

function cap(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  return text.length > INDEXED_CHARS ? text.slice(0, INDEXED_CHARS) : text;
}
