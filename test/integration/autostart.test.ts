import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureServer } from '../helpers/paths';
import { connectEntry, createWorld, readEntries, runCli, writeFile, type World } from '../helpers/world';

/**
 * A client starts all its servers at once after a reboot: several shims find no gateway at the
 * same moment. Exactly one gateway must start, and every shim must end up talking to it.
 */
describe('starting the gateway from the shim', () => {
  let world: World;
  afterEach(() => world.cleanup());

  it('starts one background gateway for several shims at once, and all of them get through', async () => {
    world = createWorld();
    const servers = Object.fromEntries(
      ['a', 'b', 'c', 'd'].map((n) => [n, { command: 'node', args: [fixtureServer] }]),
    );
    writeFile(world.claudeConfigPath, JSON.stringify({ mcpServers: servers }, null, 2));
    const connected = await runCli(world, ['connect', 'claude-desktop']);
    expect(connected.code, connected.stderr).toBe(0);
    expect((await runCli(world, ['status'])).code).toBe(3);

    const entries = readEntries(world.claudeConfigPath);
    const clients = await Promise.all(Object.values(entries).map((entry) => connectEntry(entry, world)));
    const answers = await Promise.all(
      clients.map(({ client }, i) =>
        client.callTool({ name: 'echo', arguments: { message: `client ${i}` } }),
      ),
    );
    expect(answers.map((a) => (a.content as { text: string }[])[0]!.text)).toEqual([
      'client 0',
      'client 1',
      'client 2',
      'client 3',
    ]);

    const status = await runCli(world, ['status', '--json']);
    expect(status.code).toBe(0);
    const info = JSON.parse(status.stdout) as { pid: number; sessions: unknown[] };
    expect(info.sessions).toHaveLength(4);
    const runtime = JSON.parse(readFileSync(join(world.dataDir, 'gateway.json'), 'utf8')) as {
      pid: number;
      mode: string;
    };
    expect(runtime).toMatchObject({ pid: info.pid, mode: 'headless' });
    // Every gateway that lost the race exited quietly; the log shows one start.
    const log = readFileSync(join(world.dataDir, 'logs', 'gateway.log'), 'utf8');
    expect(log.match(/gateway started/g)).toHaveLength(1);
    await Promise.all(clients.map(({ client }) => client.close()));
  });
});
