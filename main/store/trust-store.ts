import type { Database, Statement } from 'better-sqlite3';
import type { FlagKind, Finding } from '../../shared/trust';

/**
 * One tool's pin. `pinned` is the definition trusted (canonical JSON), `pending` one the server
 * presents instead and that waits for the person; `rejected_hash` is a definition the person
 * refused. Which of them the server presents now is `pending ?? pinned`.
 */
export interface PinRow {
  /** The pin's scope: the client, for now (see `pinScope` in main/trust). */
  client: string;
  server: string;
  name: string;
  pinned: string | null;
  pinnedHash: string | null;
  pinnedAt: number | null;
  pinnedBy: string | null;
  pending: string | null;
  pendingHash: string | null;
  pendingSince: number | null;
  rejectedHash: string | null;
  /** What the scanner found in the presented definition. */
  findings: Finding[];
  /** The definition the person accepted, and the finding kinds they saw when they did. */
  reviewedHash: string | null;
  reviewedKinds: FlagKind[];
  /** First seen on a server that was already known, and not yet reviewed. */
  newTool: boolean;
  firstSeen: number;
  lastSeen: number;
}

export interface ServerAcceptance {
  /** JSON of the accepted definition (main/trust `serverIdentity`). */
  definition: string;
  acceptedAt: number;
  acceptedBy: string;
}

/** Tool pins and server acceptance (migration 4): rows only; main/trust decides what they mean. */
export class TrustStore {
  /** Read at every tools/call: prepared once. */
  private readonly onePin: Statement<[string, string, string], DbPin>;
  private readonly othersWith: Statement<[string, string, string], { server: string }>;

  constructor(private readonly db: Database) {
    this.onePin = db.prepare('SELECT * FROM tool_pins WHERE client = ? AND server = ? AND name = ?');
    this.othersWith = db.prepare(
      'SELECT server FROM tool_pins WHERE client = ? AND name = ? AND server != ? ORDER BY server',
    );
  }

  pin(client: string, server: string, name: string): PinRow | undefined {
    const row = this.onePin.get(client, server, name);
    return row && fromDb(row);
  }

  pins(client?: string, server?: string): PinRow[] {
    const rows =
      client === undefined
        ? this.db.prepare('SELECT * FROM tool_pins ORDER BY client, server, name').all()
        : this.db
            .prepare('SELECT * FROM tool_pins WHERE client = ? AND server = ? ORDER BY name')
            .all(client, server);
    return (rows as DbPin[]).map(fromDb);
  }

  /** The servers in a scope, other than `server`, that offer a tool with this name. */
  otherServersWith(client: string, server: string, name: string): string[] {
    return this.othersWith.all(client, name, server).map((r) => r.server);
  }

  /** Every tool name other servers in the scope offer, with which servers. */
  otherTools(client: string, server: string): Map<string, string[]> {
    const rows = this.db
      .prepare('SELECT name, server FROM tool_pins WHERE client = ? AND server != ? ORDER BY server')
      .all(client, server) as { name: string; server: string }[];
    const out = new Map<string, string[]>();
    for (const { name, server: other } of rows) out.set(name, [...(out.get(name) ?? []), other]);
    return out;
  }

  savePins(rows: PinRow[]): void {
    const save = this.db.prepare(`
      INSERT OR REPLACE INTO tool_pins (client, server, name, pinned, pinned_hash, pinned_at, pinned_by, pending,
        pending_hash, pending_since, rejected_hash, findings, reviewed_hash, reviewed_kinds, new_tool, first_seen, last_seen)
      VALUES (@client, @server, @name, @pinned, @pinnedHash, @pinnedAt, @pinnedBy, @pending, @pendingHash,
        @pendingSince, @rejectedHash, @findings, @reviewedHash, @reviewedKinds, @newTool, @firstSeen, @lastSeen)`);
    this.db.transaction(() => {
      for (const row of rows) {
        save.run({
          ...row,
          findings: JSON.stringify(row.findings),
          reviewedKinds: JSON.stringify(row.reviewedKinds),
          newTool: row.newTool ? 1 : 0,
        });
      }
    })();
  }

  acceptance(client: string, name: string): ServerAcceptance | undefined {
    return this.db
      .prepare(
        `SELECT definition, accepted_at AS acceptedAt, accepted_by AS acceptedBy
         FROM server_acceptance WHERE client = ? AND name = ?`,
      )
      .get(client, name) as ServerAcceptance | undefined;
  }

  accept(client: string, name: string, acceptance: ServerAcceptance): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO server_acceptance (client, name, definition, accepted_at, accepted_by)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(client, name, acceptance.definition, acceptance.acceptedAt, acceptance.acceptedBy);
  }
}

interface DbPin {
  client: string;
  server: string;
  name: string;
  pinned: string | null;
  pinned_hash: string | null;
  pinned_at: number | null;
  pinned_by: string | null;
  pending: string | null;
  pending_hash: string | null;
  pending_since: number | null;
  rejected_hash: string | null;
  findings: string;
  reviewed_hash: string | null;
  reviewed_kinds: string;
  new_tool: number;
  first_seen: number;
  last_seen: number;
}

function fromDb(r: DbPin): PinRow {
  return {
    client: r.client,
    server: r.server,
    name: r.name,
    pinned: r.pinned,
    pinnedHash: r.pinned_hash,
    pinnedAt: r.pinned_at,
    pinnedBy: r.pinned_by,
    pending: r.pending,
    pendingHash: r.pending_hash,
    pendingSince: r.pending_since,
    rejectedHash: r.rejected_hash,
    findings: JSON.parse(r.findings) as Finding[],
    reviewedHash: r.reviewed_hash,
    reviewedKinds: JSON.parse(r.reviewed_kinds) as FlagKind[],
    newTool: r.new_tool === 1,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}
