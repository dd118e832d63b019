import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/database';
import { migrations, SchemaTooNewError } from '../../../main/store/migrations';
import { openStore } from '../../../main/store';

describe('database', () => {
  it('migrates a new database to the latest schema, in WAL mode, user-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pc-db-'));
    const file = join(dir, 'sub', 'portcullis.db');
    const store = openStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'sub')).mode & 0o777).toBe(0o700);
    }
  });

  it('is idempotent: reopening does not re-run migrations', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-db-')), 'p.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'audit'").get()).toEqual({
      n: 1,
    });
    db.close();
  });

  it('refuses a database written by a newer version, and leaves it alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-db-')), 'p.db');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${migrations.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    const again = new BetterSqlite3(file);
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    again.close();
  });
});

describe('server registry', () => {
  it('upserts definitions and changes the hash only when what runs changes', () => {
    const store = openStore(':memory:');
    const def = {
      client: 'cursor',
      name: 'fs',
      transport: 'stdio' as const,
      command: 'npx',
      args: ['-y', 'x'],
      envKeys: ['A'],
      headerKeys: [],
    };
    store.servers.register([def]);
    const first = store.servers.get('cursor', 'fs')!;
    store.servers.register([{ ...def, envKeys: ['A', 'B'] }]);
    expect(store.servers.get('cursor', 'fs')!.definitionHash).toBe(first.definitionHash);
    store.servers.register([{ ...def, args: ['-y', 'y'] }]);
    expect(store.servers.get('cursor', 'fs')!.definitionHash).not.toBe(first.definitionHash);
    expect(store.servers.list()).toHaveLength(1);
    expect(store.servers.get('claude-desktop', 'fs')).toBeUndefined();
    store.close();
  });
});
