import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import { fixtureServer } from '../helpers/paths';
import {
  connectEntry,
  createWorld,
  readEntries,
  runCli,
  startGateway,
  waitFor,
  writeFile,
  type RunningGateway,
  type World,
} from '../helpers/world';

const CLIENTS = 4;

/** Every call row, through the CLI's streamed export (its first line is the export's header). */
async function exportedCalls(world: World): Promise<AuditRow[]> {
  const out = await runCli(world, ['audit', '--format', 'jsonl', '--kind', 'call']);
  expect(out.code, out.stderr).toBe(0);
  const [header, ...rows] = out.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditRow & { kind: string });
  expect(header!.kind).toBe('export');
  return rows;
}

describe('the audit log survives the gateway being killed', () => {
  let world: World;
  let gateway: RunningGateway | undefined;
  let runLog: string;

  beforeEach(async () => {
    world = createWorld();
    runLog = join(world.root, 'ran.log');
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({
        mcpServers: {
          work: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_RUN_LOG: runLog } },
        },
      }),
    );
    gateway = await startGateway(world);
    const connected = await runCli(world, ['connect', 'claude-desktop']);
    expect(connected.code, connected.stderr).toBe(0);
  });

  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    world.cleanup();
  });

  it('kill -9 under load: every call that reached the server has a row, complete or "outcome unknown"', async () => {
    const entry = readEntries(world.claudeConfigPath).work!;
    const clients: Client[] = [];
    for (let k = 0; k < CLIENTS; k++) clients.push((await connectEntry(entry, world)).client);
    let answered = 0;
    const loops = clients.map(async (client, k) => {
      for (let i = 0; ; i++) {
        try {
          await client.callTool({
            name: 'work',
            arguments: { id: `c${k}-${i}`, ms: 10 + ((i * 7 + k) % 20) },
          });
          answered++;
        } catch {
          return; // the gateway is gone: the shim answered with an error
        }
      }
    });
    await waitFor(() => answered >= 200, '200 answered calls', 60_000);
    gateway!.process.kill('SIGKILL');
    await Promise.all(loops);
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    const killed = gateway!.process;
    if (killed.exitCode === null && killed.signalCode === null) await once(killed, 'exit');

    gateway = await startGateway(world); // recovers what the killed one left in flight
    const ran = readFileSync(runLog, 'utf8').trim().split('\n');
    const rows = await exportedCalls(world);
    const byId = new Map(rows.map((r) => [(JSON.parse(r.args!) as { id: string }).id, r]));
    const missing = ran.filter((id) => !byId.has(id));
    expect(missing, `calls that ran with no audit row (of ${ran.length})`).toEqual([]);
    for (const id of ran) expect(['allowed', 'unknown']).toContain(byId.get(id)!.outcome);
    const unknown = ran.filter((id) => byId.get(id)!.outcome === 'unknown');
    expect(unknown.length, 'calls at the server when it was killed').toBeGreaterThan(0);
    for (const id of unknown) {
      expect(byId.get(id)!.error).toBe('outcome unknown: the gateway stopped before the server answered');
    }

    const admin = JSON.parse(
      (await runCli(world, ['audit', '--format', 'json', '--kind', 'admin', '--limit', '20'])).stdout,
    ) as AuditRow[];
    const unclean = admin.find((r) => r.event === 'gateway.unclean_stop');
    expect(unclean?.detail).toMatch(
      new RegExp(`${unknown.length} calls? forwarded .* recorded as outcome unknown`),
    );
    const verify = await runCli(world, ['audit', 'verify']);
    expect(verify.code, verify.stderr).toBe(0);
  });

  it('audit verify fails after the newest rows are deleted from the database', async () => {
    const { client } = await connectEntry(readEntries(world.claudeConfigPath).work!, world);
    for (let i = 0; i < 5; i++) await client.callTool({ name: 'work', arguments: { id: `w${i}` } });
    await client.close();
    await gateway!.stop();
    gateway = undefined;
    expect((await runCli(world, ['audit', 'verify'])).code).toBe(0);

    // What someone covering their tracks would do: drop the newest rows, chain intact.
    const database = join(world.dataDir, 'portcullis.db');
    expect(existsSync(database)).toBe(true);
    const db = new BetterSqlite3(database);
    const { last } = db.prepare('SELECT max(id) AS last FROM audit').get() as { last: number };
    db.prepare('DELETE FROM audit WHERE id > ?').run(last - 3);
    db.close();

    const verify = await runCli(world, ['audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(
      new RegExp(`rows were removed from its end.*names row #${last}; the log now ends at #${last - 3}`),
    );
  });
});
