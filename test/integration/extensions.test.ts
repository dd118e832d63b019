import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientReport } from '../../main/clients/types';
import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { installEverythingExtension } from '../helpers/claude-extension';
import {
  connectEntry,
  createWorld,
  readEntries,
  startGateway,
  type RunningGateway,
  type World,
} from '../helpers/world';

/**
 * A Claude Desktop extension, protected through the running gateway: it is listed as an
 * unprotected server with its command; protecting it moves that command into a shim entry (an MCP
 * SDK client running that entry reaches the real server through the gateway) and switches the
 * extension off; giving it back restores both files byte for byte.
 */
describe('a Claude Desktop extension', () => {
  const id = 'local.mcpb.example.everything';
  let world: World;
  let gateway: RunningGateway;
  let settingsPath: string;
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
    settingsPath = installEverythingExtension(world, id).settingsPath;
    gateway = await startGateway(world);
  });
  afterAll(async () => {
    await gateway?.stop();
    world?.cleanup();
  });

  it('is listed, protected (reaching the real server through the gateway) and given back', async () => {
    const configBefore = readFileSync(world.claudeConfigPath);
    const settingsBefore = readFileSync(settingsPath);
    const listed = await api<ClientReport[]>('clients:list', {});
    const claude = listed.find((client) => client.id === 'claude-desktop')!;
    expect(claude.extensions).toEqual([
      expect.objectContaining({
        id,
        state: 'unprotected',
        runs: { command: 'node', args: [expect.stringContaining('server/index.mjs')] },
      }),
    ]);

    const done = await api<{ key: string }>('clients:extension', {
      client: 'claude-desktop',
      extension: id,
      action: 'protect',
    });
    expect(done.key).toBe('everything-extension');
    expect(JSON.parse(readFileSync(settingsPath, 'utf8'))).toMatchObject({ isEnabled: false });

    const entry = readEntries(world.claudeConfigPath)['everything-extension']!;
    expect(entry.args).toEqual(
      expect.arrayContaining(['shim', '--client', 'claude-desktop', '--server', 'everything-extension']),
    );
    const { client } = await connectEntry(entry, world);
    const echoed = await client.callTool({ name: 'echo', arguments: { message: 'from the extension' } });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: from the extension' }]);
    await client.close();

    await api('clients:extension', { client: 'claude-desktop', extension: id, action: 'unprotect' });
    expect(readFileSync(world.claudeConfigPath).equals(configBefore)).toBe(true);
    expect(readFileSync(settingsPath).equals(settingsBefore)).toBe(true);
  });
});
