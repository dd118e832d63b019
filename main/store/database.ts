import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrations';

/** Opens (creating if needed) and migrates the database. `:memory:` gives a private test database. */
export function openDatabase(file: string): Database {
  const db = new BetterSqlite3(file);
  try {
    // WAL: readers (the CLI) never block the gateway's writer, and a committed row survives a crash.
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
