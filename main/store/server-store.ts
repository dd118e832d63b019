import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { serverDefinitionSchema, type ServerDefinition, type ServerInfo } from '../../shared/servers';
import { serverIdentity } from '../trust/definition';

/** The servers a person registered by connecting a client: the only things the gateway will run. */
export class ServerStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  register(definitions: ServerDefinition[]): void {
    const upsert = this.db.prepare(`
      INSERT INTO servers (client, name, transport, command, args, cwd, url, env_keys, header_keys,
                           search_path, definition_hash, registered_at, updated_at)
      VALUES (@client, @name, @transport, @command, @args, @cwd, @url, @envKeys, @headerKeys, @searchPath,
              @hash, @now, @now)
      ON CONFLICT (client, name) DO UPDATE SET
        transport = excluded.transport, command = excluded.command, args = excluded.args, cwd = excluded.cwd,
        url = excluded.url, env_keys = excluded.env_keys, header_keys = excluded.header_keys,
        search_path = excluded.search_path, definition_hash = excluded.definition_hash,
        updated_at = excluded.updated_at`);
    // Connecting shows each command in full before registering it: a server's first registration
    // is its acceptance. A later change to it is not, and holds it until accepted (main/trust).
    const acceptFirst = this.db.prepare(`
      INSERT OR IGNORE INTO server_acceptance (client, name, definition, accepted_at, accepted_by)
      VALUES (?, ?, ?, ?, 'connect')`);
    const now = this.now();
    this.db.transaction(() => {
      for (const input of definitions) {
        const d = serverDefinitionSchema.parse(input);
        acceptFirst.run(d.client, d.name, JSON.stringify(serverIdentity(d)), now);
        upsert.run({
          client: d.client,
          name: d.name,
          transport: d.transport,
          command: d.command ?? null,
          args: JSON.stringify(d.args),
          cwd: d.cwd ?? null,
          url: d.url ?? null,
          envKeys: JSON.stringify(d.envKeys),
          headerKeys: JSON.stringify(d.headerKeys),
          searchPath: d.searchPath ?? null,
          hash: definitionHash(d),
          now,
        });
      }
    })();
  }

  get(client: string, name: string): ServerInfo | undefined {
    const row = this.db.prepare('SELECT * FROM servers WHERE client = ? AND name = ?').get(client, name) as
      DbRow | undefined;
    return row && fromDb(row);
  }

  list(): ServerInfo[] {
    return (this.db.prepare('SELECT * FROM servers ORDER BY client, name').all() as DbRow[]).map(fromDb);
  }
}

/** What identifies a definition: the things that decide what runs. A change needs re-approval. */
export function definitionHash(d: ServerDefinition): string {
  const identity = [d.transport, d.command ?? null, d.args, d.cwd ?? null, d.url ?? null];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

interface DbRow {
  id: number;
  client: string;
  name: string;
  transport: ServerInfo['transport'];
  command: string | null;
  args: string;
  cwd: string | null;
  url: string | null;
  env_keys: string;
  header_keys: string;
  search_path: string | null;
  definition_hash: string;
  registered_at: number;
  updated_at: number;
}

function fromDb(r: DbRow): ServerInfo {
  return {
    id: r.id,
    client: r.client,
    name: r.name,
    transport: r.transport,
    ...(r.command === null ? {} : { command: r.command }),
    args: JSON.parse(r.args) as string[],
    ...(r.cwd === null ? {} : { cwd: r.cwd }),
    ...(r.url === null ? {} : { url: r.url }),
    envKeys: JSON.parse(r.env_keys) as string[],
    headerKeys: JSON.parse(r.header_keys) as string[],
    ...(r.search_path === null ? {} : { searchPath: r.search_path }),
    definitionHash: r.definition_hash,
    registeredAt: r.registered_at,
    updatedAt: r.updated_at,
  };
}
