import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Classification, ToolAnnotations, ToolDescriptor } from '../../shared/tools';

export interface ToolRow extends ToolDescriptor {
  client: string;
  server: string;
  definitionHash: string;
  firstSeen: number;
  lastSeen: number;
}

/** Tools seen in servers' tools/list answers, and the person's risk overrides (per server and tool). */
export class ToolStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record a server's listing. Returns the names whose definition changed since last seen. */
  recordListing(client: string, server: string, tools: ToolDescriptor[]): string[] {
    const existing = new Map(
      (
        this.db
          .prepare('SELECT name, definition_hash AS hash FROM tools_seen WHERE client = ? AND server = ?')
          .all(client, server) as {
          name: string;
          hash: string;
        }[]
      ).map((r) => [r.name, r.hash]),
    );
    const upsert = this.db.prepare(`
      INSERT INTO tools_seen (client, server, name, title, description, annotations, definition_hash, first_seen, last_seen)
      VALUES (@client, @server, @name, @title, @description, @annotations, @hash, @now, @now)
      ON CONFLICT (client, server, name) DO UPDATE SET title = excluded.title, description = excluded.description,
        annotations = excluded.annotations, definition_hash = excluded.definition_hash, last_seen = excluded.last_seen`);
    const changed: string[] = [];
    const now = this.now();
    this.db.transaction(() => {
      for (const tool of tools) {
        const hash = definitionHash(tool);
        const before = existing.get(tool.name);
        if (before !== undefined && before !== hash) changed.push(tool.name);
        upsert.run({
          client,
          server,
          name: tool.name,
          title: tool.title ?? null,
          description: tool.description ?? null,
          annotations: tool.annotations ? JSON.stringify(tool.annotations) : null,
          hash,
          now,
        });
      }
    })();
    return changed;
  }

  list(): ToolRow[] {
    return (this.db.prepare('SELECT * FROM tools_seen ORDER BY server, name, client').all() as DbRow[]).map(
      fromDb,
    );
  }

  /** A server's tool as most recently listed (by any client), if it was ever seen. */
  find(server: string, name: string): ToolRow | undefined {
    const row = this.db
      .prepare('SELECT * FROM tools_seen WHERE server = ? AND name = ? ORDER BY last_seen DESC LIMIT 1')
      .get(server, name) as DbRow | undefined;
    return row && fromDb(row);
  }

  override(server: string, name: string): Classification | undefined {
    return this.db
      .prepare('SELECT category, risk, reason FROM tool_risk WHERE server = ? AND name = ?')
      .get(server, name) as Classification | undefined;
  }

  overrides(): Map<string, Classification> {
    const rows = this.db.prepare('SELECT server, name, category, risk, reason FROM tool_risk').all() as ({
      server: string;
      name: string;
    } & Classification)[];
    return new Map(
      rows.map((r) => [
        overrideKey(r.server, r.name),
        { category: r.category, risk: r.risk, reason: r.reason },
      ]),
    );
  }

  setOverride(server: string, name: string, classification: Classification | undefined): void {
    if (!classification) {
      this.db.prepare('DELETE FROM tool_risk WHERE server = ? AND name = ?').run(server, name);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO tool_risk (server, name, category, risk, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (server, name) DO UPDATE SET category = excluded.category, risk = excluded.risk,
           reason = excluded.reason, updated_at = excluded.updated_at`,
      )
      .run(server, name, classification.category, classification.risk, classification.reason, this.now());
  }
}

interface DbRow {
  client: string;
  server: string;
  name: string;
  title: string | null;
  description: string | null;
  annotations: string | null;
  definition_hash: string;
  first_seen: number;
  last_seen: number;
}

function fromDb(r: DbRow): ToolRow {
  return {
    client: r.client,
    server: r.server,
    name: r.name,
    ...(r.title === null ? {} : { title: r.title }),
    ...(r.description === null ? {} : { description: r.description }),
    ...(r.annotations === null ? {} : { annotations: JSON.parse(r.annotations) as ToolAnnotations }),
    definitionHash: r.definition_hash,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}

export function overrideKey(server: string, name: string): string {
  return `${server}\u0000${name}`;
}

function definitionHash(tool: ToolDescriptor & { inputSchema?: unknown }): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        tool.name,
        tool.title ?? null,
        tool.description ?? null,
        tool.annotations ?? null,
        tool.inputSchema ?? null,
      ]),
    )
    .digest('hex');
}
