import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { checkpointFile } from './audit-checkpoint';
import { InFlightJournal } from './audit-inflight';
import { AuditLog } from './audit-log';
import { CounterTable } from './counter-store';
import { openDatabase } from './database';
import { PolicyStore } from './policy-store';
import { ServerStore } from './server-store';
import { ToolStore } from './tool-store';
import { TrustStore } from './trust-store';

export interface Store {
  db: Database;
  audit: AuditLog;
  servers: ServerStore;
  policies: PolicyStore;
  counters: CounterTable;
  tools: ToolStore;
  trust: TrustStore;
  close(): void;
}

export interface StoreOptions {
  now?: () => number;
  auditFlushDelayMs?: number;
  /** At most one audit checkpoint this often (0, the default: after every batch). */
  auditCheckpointEveryMs?: number;
  onAuditFlushed?: (lastId: number) => void;
}

/** Opens the store at a file path (its folder is created user-only), or `:memory:` for tests. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    makePrivateFiles(file);
  }
  const db = openDatabase(file);
  const audit = new AuditLog(db, {
    ...(options.auditFlushDelayMs === undefined ? {} : { flushDelayMs: options.auditFlushDelayMs }),
    ...(options.onAuditFlushed ? { onFlushed: options.onAuditFlushed } : {}),
    ...(options.auditCheckpointEveryMs === undefined
      ? {}
      : { checkpointEveryMs: options.auditCheckpointEveryMs }),
    ...(file === ':memory:'
      ? {}
      : {
          checkpoints: checkpointFile(auditCheckpointPath(file)),
          journal: new InFlightJournal(join(dirname(file), 'audit-inflight.log')),
        }),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    db,
    audit,
    servers: new ServerStore(db, options.now),
    policies: new PolicyStore(db, options.now),
    counters: new CounterTable(db, options.now),
    tools: new ToolStore(db, options.now),
    trust: new TrustStore(db),
    close() {
      audit.close();
      db.close();
    },
  };
}

/** The audit chain's checkpoint lives beside the database, outside it. */
export function auditCheckpointPath(databaseFile: string): string {
  return join(dirname(databaseFile), 'audit-checkpoint.json');
}

/**
 * The database and its WAL and shared-memory files are this user's only. SQLite creates the last
 * two with the database file's own mode, so the database is created 0600 before SQLite opens it;
 * files an older version left readable are narrowed.
 */
function makePrivateFiles(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}
