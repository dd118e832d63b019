import type { Database } from 'better-sqlite3';

/**
 * Numbered schema migrations. Append only: never edit a migration that has shipped. The schema
 * version is SQLite's `user_version`.
 */
export const migrations: readonly string[] = [
  // 1: servers, policy revisions, the audit log.
  `
  CREATE TABLE servers (
    id INTEGER PRIMARY KEY,
    client TEXT NOT NULL,
    name TEXT NOT NULL,
    transport TEXT NOT NULL CHECK (transport IN ('stdio', 'http', 'sse')),
    command TEXT,
    args TEXT NOT NULL DEFAULT '[]',
    cwd TEXT,
    url TEXT,
    env_keys TEXT NOT NULL DEFAULT '[]',
    header_keys TEXT NOT NULL DEFAULT '[]',
    definition_hash TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (client, name)
  );

  CREATE TABLE policies (
    revision INTEGER PRIMARY KEY,
    document TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'admin')),
    event TEXT NOT NULL,
    client TEXT,
    server TEXT,
    tool TEXT,
    args TEXT,
    decision TEXT,
    rule TEXT,
    reason TEXT,
    latency_ms REAL,
    is_error INTEGER,
    result_bytes INTEGER,
    error TEXT,
    session_id TEXT,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_ts ON audit (ts);
  CREATE INDEX audit_server_tool ON audit (server, tool);
  `,
  // 2: the policy engine: shadow decisions, the draft, rate-limit counters, tools seen and their risk.
  `
  ALTER TABLE audit ADD COLUMN shadow TEXT;

  CREATE TABLE policy_draft (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL,
    shadow INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE rate_counters (
    key TEXT PRIMARY KEY,
    stamps TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE tools_seen (
    client TEXT NOT NULL,
    server TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    description TEXT,
    annotations TEXT,
    definition_hash TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (client, server, name)
  );

  CREATE TABLE tool_risk (
    server TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    risk TEXT NOT NULL,
    reason TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (server, name)
  );
  `,
  // 3: the PATH a server's command is looked up in, recorded when its client was connected.
  `
  ALTER TABLE servers ADD COLUMN search_path TEXT;
  `,
  // 4: trust (docs/trust.md). Tool pins: the definition trusted for each tool, one the server now
  // presents instead, and what the scanner found. Server acceptance: the definition the person
  // accepted for each registered server. Servers registered before this existed were shown in full
  // when they were connected, so their current definition counts as accepted.
  `
  CREATE TABLE tool_pins (
    client TEXT NOT NULL,
    server TEXT NOT NULL,
    name TEXT NOT NULL,
    pinned TEXT,
    pinned_hash TEXT,
    pinned_at INTEGER,
    pinned_by TEXT,
    pending TEXT,
    pending_hash TEXT,
    pending_since INTEGER,
    rejected_hash TEXT,
    findings TEXT NOT NULL DEFAULT '[]',
    reviewed_hash TEXT,
    reviewed_kinds TEXT NOT NULL DEFAULT '[]',
    new_tool INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (client, server, name)
  );
  CREATE INDEX tool_pins_name ON tool_pins (client, name);

  CREATE TABLE server_acceptance (
    client TEXT NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    accepted_at INTEGER NOT NULL,
    accepted_by TEXT NOT NULL,
    PRIMARY KEY (client, name)
  );
  INSERT INTO server_acceptance (client, name, definition, accepted_at, accepted_by)
    SELECT client, name,
      json_object('transport', transport, 'command', command, 'args', json(args), 'cwd', cwd, 'url', url,
                  'envKeys', json(env_keys), 'headerKeys', json(header_keys)),
      updated_at, 'registered before server approval'
    FROM servers;
  `,
];

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `The database was written by a newer Portcullis (schema ${found}; this version knows up to ${known}). ` +
        'Update Portcullis, or point it at another data folder.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw new SchemaTooNewError(current, migrations.length);
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return migrations.length;
}
