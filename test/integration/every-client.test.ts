import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientReport } from '../../main/clients/types';
import { everyClientConfig, readBack, type ClientConfig } from '../helpers/every-client';
import { cliPath, everythingServer } from '../helpers/paths';
import {
  connectEntry,
  createWorld,
  runCli,
  startGateway,
  writeFile,
  type RunningGateway,
  type World,
} from '../helpers/world';

/**
 * The "must show" for every client: in a temp home with a config for each client,
 * `clients --json` lists every one with its files, servers and their state; `connect --all`
 * rewrites each file in its own format; an MCP SDK client that runs the rewritten entry exactly
 * as that client would (command, args, env from the file) reaches the registry's
 * server-everything through the real gateway; `disconnect --all` restores every file.
 */
describe('every client, through Portcullis', () => {
  let world: World;
  let gateway: RunningGateway;
  let configs: ClientConfig[];
  const originals = new Map<string, Buffer>();

  beforeAll(async () => {
    world = createWorld();
    configs = everyClientConfig(world.home, 'everything', 'node', [everythingServer], {
      EVERYTHING_SECRET: 's3cr3t',
    });
    for (const config of configs) originals.set(config.client, writeFile(config.path, config.text));
    gateway = await startGateway(world);
  });
  afterAll(async () => {
    await gateway?.stop();
    world.cleanup();
  });

  it('lists every client with its file, server and state', async () => {
    const listed = await runCli(world, ['clients', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const reports = JSON.parse(listed.stdout) as ClientReport[];
    expect(reports.map((r) => r.id).sort()).toEqual(configs.map((c) => c.client).sort());
    for (const config of configs) {
      const report = reports.find((r) => r.id === config.client)!;
      expect(report.exists, config.client).toBe(true);
      expect(
        report.files.filter((f) => f.exists).map((f) => f.path),
        config.client,
      ).toEqual([config.path]);
      expect(report.servers, config.client).toEqual([
        expect.objectContaining({
          name: 'everything',
          scope: 'user',
          transport: 'stdio',
          state: 'unprotected',
          protected: false,
          command: 'node',
          args: [everythingServer],
        }),
      ]);
    }
  });

  it('connects them all, and an SDK client running each rewritten entry reaches the real server', async () => {
    const connected = await runCli(world, ['connect', '--all', '--json']);
    expect(connected.code, connected.stderr).toBe(0);
    const results = JSON.parse(connected.stdout) as { client: string; changed: { server: string }[] }[];
    expect(results.map((r) => [r.client, r.changed.map((c) => c.server)]).sort()).toEqual(
      configs.map((c) => [c.client, ['everything']]).sort(),
    );

    const listed = JSON.parse((await runCli(world, ['clients', '--json'])).stdout) as ClientReport[];
    for (const report of listed)
      expect(
        report.servers.map((s) => s.state),
        report.id,
      ).toEqual(['protected']);

    for (const config of configs) {
      const entry = readBack(config);
      expect(entry.command, config.client).toBe(process.execPath);
      expect(entry.args, config.client).toEqual([
        cliPath,
        'shim',
        '--client',
        config.client,
        '--server',
        'everything',
        '--data-dir',
        world.dataDir,
      ]);
      const { client } = await connectEntry(entry, world);
      try {
        const echoed = await client.callTool({
          name: 'echo',
          arguments: { message: `hello from ${config.client}` },
        });
        expect(echoed.content, config.client).toEqual([
          { type: 'text', text: `Echo: hello from ${config.client}` },
        ]);
        // The secret stayed in the client's file and reached the server through the shim.
        const env = await client.callTool({ name: 'get-env', arguments: {} });
        expect(JSON.stringify(env.content), config.client).toContain('s3cr3t');
      } finally {
        await client.close();
      }
    }
    const audit = JSON.parse(
      (await runCli(world, ['audit', '--format', 'json', '--kind', 'call', '--tool', 'echo'])).stdout,
    ) as {
      client: string;
    }[];
    expect(audit.map((row) => row.client).sort()).toEqual(configs.map((c) => c.client).sort());
  }, 120_000);

  it('disconnects them all, restoring every file byte for byte', async () => {
    const result = await runCli(world, ['disconnect', '--all']);
    expect(result.code, result.stderr).toBe(0);
    for (const config of configs) {
      expect(readFileSync(config.path).equals(originals.get(config.client)!), config.client).toBe(true);
    }
  });
});
