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
  // 5: an audit log people can trust: how each call ended and who answered, a result preview,
  // calls in flight (durable before they are forwarded), full-text search, an hourly rollup for
  // the overview and fast counts, and the anchor retention leaves for the chain.
  `
  ALTER TABLE audit ADD COLUMN outcome TEXT;
  ALTER TABLE audit ADD COLUMN approver TEXT;
  ALTER TABLE audit ADD COLUMN scope TEXT;
  ALTER TABLE audit ADD COLUMN result_preview TEXT;
  ALTER TABLE audit ADD COLUMN call_id TEXT;

  -- By server alone, so a server's rows come newest first straight from the index.
  DROP INDEX audit_server_tool;
  CREATE INDEX audit_server ON audit (server);
  CREATE INDEX audit_client ON audit (client);
  CREATE INDEX audit_tool ON audit (tool);
  CREATE INDEX audit_outcome ON audit (outcome);
  CREATE INDEX audit_admin_event ON audit (event) WHERE kind = 'admin';
  CREATE INDEX audit_call_id ON audit (call_id) WHERE call_id IS NOT NULL;

  -- Not chained: a row here is a call forwarded to its server and not yet recorded. It holds the
  -- row to write if the gateway dies first ("outcome unknown").
  CREATE TABLE audit_inflight (
    call_id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    entry TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Contentless: the text lives once, in audit, and the writer indexes each row as it appends it
  -- (the first 16 KiB of each field; see audit-log.ts). Rows are found by id, and retention deletes
  -- them by id.
  CREATE VIRTUAL TABLE audit_fts USING fts5 (
    tool, args, result_preview, reason, error, detail,
    content = '', contentless_delete = 1
  );
  INSERT INTO audit_fts (rowid, tool, args, result_preview, reason, error, detail)
    SELECT id, tool, substr(args, 1, 16384), substr(result_preview, 1, 16384), reason,
           substr(error, 1, 16384), detail
    FROM audit;

  -- Calls per hour and (client, server, tool, decision, outcome): the overview, pickers and counts
  -- read this instead of every row. '' stands for a missing value (older rows have no outcome).
  CREATE TABLE audit_hourly (
    hour INTEGER NOT NULL,
    client TEXT NOT NULL,
    server TEXT NOT NULL,
    tool TEXT NOT NULL,
    decision TEXT NOT NULL,
    outcome TEXT NOT NULL,
    calls INTEGER NOT NULL,
    latency_sum REAL NOT NULL,
    latency_n INTEGER NOT NULL,
    latency_max REAL,
    PRIMARY KEY (hour, client, server, tool, decision, outcome)
  ) WITHOUT ROWID;
  INSERT INTO audit_hourly
    SELECT ts / 3600000, coalesce(client, ''), coalesce(server, ''), coalesce(tool, ''),
           coalesce(decision, ''), coalesce(outcome, ''), count(*), coalesce(sum(latency_ms), 0),
           count(latency_ms), max(latency_ms)
    FROM audit WHERE kind = 'call'
    GROUP BY 1, 2, 3, 4, 5, 6;

  -- Every client, server, tool and outcome calls have named, with how often: the filter pickers.
  -- Values stay after retention removes their rows (a picker of names the log has known).
  CREATE TABLE audit_names (
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    calls INTEGER NOT NULL,
    PRIMARY KEY (field, value)
  ) WITHOUT ROWID;
  INSERT INTO audit_names
    SELECT 'client', client, sum(calls) FROM audit_hourly WHERE client != '' GROUP BY client
    UNION ALL SELECT 'server', server, sum(calls) FROM audit_hourly WHERE server != '' GROUP BY server
    UNION ALL SELECT 'tool', json_array(server, tool), sum(calls) FROM audit_hourly WHERE tool != '' GROUP BY server, tool
    UNION ALL SELECT 'outcome', outcome, sum(calls) FROM audit_hourly WHERE outcome != '' GROUP BY outcome;

  -- The ids of each hour's rows: a time range becomes an id range, so a page of an old hour, or a
  -- search within it, starts where that hour's rows are instead of walking down from the newest.
  CREATE TABLE audit_hours (
    hour INTEGER PRIMARY KEY,
    min_id INTEGER NOT NULL,
    max_id INTEGER NOT NULL
  );
  INSERT INTO audit_hours SELECT ts / 3600000, min(id), max(id) FROM audit GROUP BY 1;

  -- Retention removes the oldest rows; the chain then starts from the hash of the last one removed.
  CREATE TABLE audit_anchor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    through_id INTEGER NOT NULL,
    hash TEXT NOT NULL,
    pruned_at INTEGER NOT NULL
  );

  -- Rows up to this id were written before checkpoints were kept outside the database.
  CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO audit_meta (key, value) SELECT 'checkpoints_from', coalesce(max(id), 0) FROM audit;
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
