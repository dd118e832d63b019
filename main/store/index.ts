import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AuditLog } from './audit-log';
import { CounterTable } from './counter-store';
import { openDatabase } from './database';
import { PolicyStore } from './policy-store';
import { ServerStore } from './server-store';
import { ToolStore } from './tool-store';

export interface Store {
  db: Database;
  audit: AuditLog;
  servers: ServerStore;
  policies: PolicyStore;
  counters: CounterTable;
  tools: ToolStore;
  close(): void;
}

export interface StoreOptions {
  now?: () => number;
  auditFlushDelayMs?: number;
  onAuditFlushed?: (lastId: number) => void;
}

/** Opens the store at a file path (its folder is created user-only), or `:memory:` for tests. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  if (file !== ':memory:') ensurePrivateDir(dirname(file));
  const db = openDatabase(file);
  if (file !== ':memory:') chmodSync(file, 0o600);
  const audit = new AuditLog(db, {
    ...(options.auditFlushDelayMs === undefined ? {} : { flushDelayMs: options.auditFlushDelayMs }),
    ...(options.onAuditFlushed ? { onFlushed: options.onAuditFlushed } : {}),
  });
  return {
    db,
    audit,
    servers: new ServerStore(db, options.now),
    policies: new PolicyStore(db, options.now),
    counters: new CounterTable(db, options.now),
    tools: new ToolStore(db, options.now),
    close() {
      audit.close();
      db.close();
    },
  };
}

export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}
