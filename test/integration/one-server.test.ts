import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import type { ServerGroup } from '../../shared/clients';
import { everythingEntry, writeClaudeDesktopConfig, writePolicyFile } from '../helpers/claude-desktop';
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

/**
 * One server, several clients: server-everything in Claude Desktop as "everything" and in Cursor as
 * "tools" is one server. Its calls from both clients are recorded under one name, a policy written
 * for either key applies to both, and the servers view lists it once with both clients.
 */
describe('one server used by two clients under two names', () => {
  let world: World;
  let gateway: RunningGateway;
  const api = async <T>(channel: string, body: unknown = {}): Promise<T> => {
    const res = await fetch(`${gateway.dashboardUrl}api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gateway.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const envelope = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
    if (!envelope.ok) throw new Error(envelope.error?.message);
    return envelope.data as T;
  };

  beforeAll(async () => {
    world = createWorld();
    writeClaudeDesktopConfig(world, { everything: everythingEntry() });
    writeFile(world.cursorConfigPath, JSON.stringify({ mcpServers: { tools: everythingEntry() } }, null, 2));
    for (const client of ['claude-desktop', 'cursor']) {
      const connect = await runCli(world, ['connect', client]);
      expect(connect.code, connect.stderr).toBe(0);
    }
    // Written for Cursor's key, before anyone knew it was the same server as Claude Desktop's.
    const policy = writePolicyFile(world, 'policy.json', {
      version: '1',
      default: 'allow',
      tools: {},
      servers: { tools: { tools: { echo: { action: 'deny', reason: 'no echo from any client' } } } },
    });
    expect((await runCli(world, ['policy', 'import', policy])).code).toBe(0);
    gateway = await startGateway(world);
  });
  afterAll(async () => {
    await gateway?.stop();
    world?.cleanup();
  });

  it('a rule under either name applies to both clients, and the audit names the server once', async () => {
    for (const [entry, client] of [
      [readEntries(world.claudeConfigPath).everything!, 'claude-desktop'],
      [readEntries(world.cursorConfigPath).tools!, 'cursor'],
    ] as const) {
      const { client: sdk } = await connectEntry(entry, world);
      const denied = await sdk.callTool({ name: 'echo', arguments: { message: `from ${client}` } });
      expect(denied.isError, client).toBe(true);
      expect(JSON.stringify(denied.content)).toContain('servers.tools.tools.echo');
      const sum = await sdk.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } });
      expect(sum.isError ?? false, client).toBe(false);
      await sdk.close();
    }
    const rows = await waitFor(async () => {
      const found = await api<AuditRow[]>('audit:query', { limit: 100 });
      const calls = found.filter((row) => row.kind === 'call');
      return calls.length >= 4 ? calls : undefined;
    }, 'four calls in the audit log');
    expect(new Set(rows.map((row) => row.server))).toEqual(new Set(['everything']));
    expect(new Set(rows.map((row) => row.client))).toEqual(new Set(['claude-desktop', 'cursor']));
  });

  it('the servers view lists it once, with both clients and both keys', async () => {
    const groups = await api<ServerGroup[]>('clients:servers');
    expect(
      groups.map((group) => [
        group.name,
        group.names,
        group.uses.map((use) => `${use.client}:${use.key}:${use.state}`),
      ]),
    ).toEqual([
      [
        'everything',
        ['everything', 'tools'],
        ['claude-desktop:everything:protected', 'cursor:tools:protected'],
      ],
    ]);
  });
});
