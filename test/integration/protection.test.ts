import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProtectionStatus } from '../../shared/clients';
import type { AuditRow } from '../../shared/audit';
import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import {
  connectEntry,
  createWorld,
  readEntries,
  runCli,
  startGateway,
  waitFor,
  type RunningGateway,
  type World,
} from '../helpers/world';

/**
 * The issue's must-show for watching: with `serve` running, a connected config that its client
 * rewrites without our entries is repaired within 5 s (and what it runs still reaches the server
 * through the gateway); a server added behind Portcullis's back is reported unprotected within 5 s.
 */
describe('protection that does not silently disappear', () => {
  let world: World;
  let gateway: RunningGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    world.cleanup();
  });

  const api = async <T>(channel: string, body: unknown = {}): Promise<T> => {
    const res = await fetch(`${gateway!.dashboardUrl}api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gateway!.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const envelope = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
    if (!envelope.ok) throw new Error(envelope.error?.message);
    return envelope.data as T;
  };
  const runsShim = () =>
    readEntries(world.claudeConfigPath)?.everything?.args?.includes('shim') === true || undefined;

  async function connected(): Promise<Buffer> {
    world = createWorld();
    const original = writeClaudeDesktopConfig(world, { everything: everythingEntry() });
    const connect = await runCli(world, ['connect', 'claude-desktop']);
    expect(connect.code, connect.stderr).toBe(0);
    gateway = await startGateway(world);
    return original;
  }

  it('a config rewritten with the original entries is repaired within 5 s, audited, and still works', async () => {
    const original = await connected();

    // Claude Desktop on start: it writes its own copy of the file, from before we connected.
    const rewrittenAt = Date.now();
    writeFileSync(world.claudeConfigPath, original);
    await waitFor(runsShim, 'the shim entry back', 5000);
    const took = Date.now() - rewrittenAt;
    console.log(`repaired a reverted Claude Desktop config in ${took} ms`);
    expect(took).toBeLessThan(5000);

    const rows = await waitFor(async () => {
      const found = await api<AuditRow[]>('audit:query', { limit: 50 });
      return found.some((row) => row.event === 'client.repaired') ? found : undefined;
    }, 'the repair in the audit log');
    expect(rows.find((row) => row.event === 'client.repaired')?.detail).toBe(
      `re-applied everything (its original entry was back) in ${world.claudeConfigPath}`,
    );

    const entry = readEntries(world.claudeConfigPath).everything!;
    const { client } = await connectEntry(entry, world);
    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'still guarded' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: still guarded' }]);
    await client.close();
  });

  it('a config rewritten without our entries (or any servers) gets them added back within 5 s', async () => {
    await connected();
    const rewrittenAt = Date.now();
    writeFileSync(world.claudeConfigPath, `${JSON.stringify({ globalShortcut: 'Ctrl+Space' }, null, 2)}\n`);
    await waitFor(runsShim, 'the shim entry added back', 5000);
    console.log(`re-added a dropped entry in ${Date.now() - rewrittenAt} ms`);
    expect(JSON.parse(readFileSync(world.claudeConfigPath, 'utf8'))).toMatchObject({
      globalShortcut: 'Ctrl+Space',
    });
  });

  it('a server added behind our back is reported unprotected within 5 s', async () => {
    await connected();
    const config = JSON.parse(readFileSync(world.claudeConfigPath, 'utf8')) as {
      mcpServers: Record<string, unknown>;
    };
    config.mcpServers.sneaky = everythingEntry();
    const addedAt = Date.now();
    writeFileSync(world.claudeConfigPath, JSON.stringify(config, null, 2));

    const status = await waitFor(
      async () => {
        const now = await api<ProtectionStatus>('clients:status');
        return now.issues.some((issue) => issue.server === 'sneaky') ? now : undefined;
      },
      'the new server reported',
      5000,
    );
    console.log(`reported an added server as unprotected in ${Date.now() - addedAt} ms`);
    expect(status.issues).toEqual([
      expect.objectContaining({ client: 'claude-desktop', server: 'sneaky', kind: 'unprotected' }),
    ]);
    const listed = await runCli(world, ['clients', '--json']);
    const claude = (
      JSON.parse(listed.stdout) as { id: string; servers: { name: string; state: string }[] }[]
    ).find((c) => c.id === 'claude-desktop');
    expect(claude?.servers.map((s) => [s.name, s.state])).toEqual([
      ['everything', 'protected'],
      ['sneaky', 'unprotected'],
    ]);

    // One action protects it: connect for that server alone.
    await api('clients:connect', { client: 'claude-desktop', servers: ['sneaky'] });
    expect((await api<ProtectionStatus>('clients:status')).issues).toEqual([]);
  });
});
