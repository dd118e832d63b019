import type { Database } from 'better-sqlite3';
import type { CounterStore } from '../policy/rate-limiter';

/** Rate-limit counters, saved so that counts survive a restart. */
export class CounterTable implements CounterStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  load(): [string, number[]][] {
    return (
      this.db.prepare('SELECT key, stamps FROM rate_counters').all() as { key: string; stamps: string }[]
    ).map((r) => [r.key, JSON.parse(r.stamps) as number[]]);
  }

  save(changed: [string, number[]][]): void {
    const upsert = this.db.prepare(
      `INSERT INTO rate_counters (key, stamps, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET stamps = excluded.stamps, updated_at = excluded.updated_at`,
    );
    const remove = this.db.prepare('DELETE FROM rate_counters WHERE key = ?');
    const now = this.now();
    this.db.transaction(() => {
      for (const [key, stamps] of changed) {
        if (stamps.length === 0) remove.run(key);
        else upsert.run(key, JSON.stringify(stamps), now);
      }
    })();
  }
}
