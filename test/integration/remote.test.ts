import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import { everythingServer, remoteFixture } from '../helpers/paths';
import {
  connectEntry,
  createWorld,
  readEntries,
  runCli,
  startGateway,
  stopProcess,
  writeFile,
  type RunningGateway,
  type World,
} from '../helpers/world';

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** server-everything in one of its HTTP modes; resolves when it says it is listening. */
async function startRemote(mode: 'streamableHttp' | 'sse'): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [everythingServer, mode], {
    env: { ...process.env, PORT: String(port) },
  });
  await new Promise<void>((done, fail) => {
    let out = '';
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/listening on port|running on port/i.test(out)) done();
    });
    child.on('exit', (code) => fail(new Error(`server-everything ${mode} exited with ${code}: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`, child };
}

/**
 * Remote upstreams: Cursor `url` entries become shim entries; the gateway reaches the real server
 * over Streamable HTTP or the legacy HTTP+SSE transport, with the config's headers.
 */
describe('remote servers from a Cursor config', () => {
  let world: World;
  let gateway: RunningGateway;
  let streamable: { url: string; child: ChildProcess };
  let sse: { url: string; child: ChildProcess };

  beforeAll(async () => {
    world = createWorld();
    [streamable, sse] = await Promise.all([startRemote('streamableHttp'), startRemote('sse')]);
    writeFile(
      world.cursorConfigPath,
      JSON.stringify(
        {
          mcpServers: {
            'remote-http': { url: streamable.url, headers: { 'X-Test-Header': 'kept-in-cursor-config' } },
            'remote-sse': { type: 'sse', url: sse.url },
            // No type: tried as Streamable HTTP first, then the legacy transport.
            'remote-guess': { url: sse.url },
          },
        },
        null,
        2,
      ),
    );
    gateway = await startGateway(world);
    const connected = await runCli(world, ['connect', 'cursor']);
    expect(connected.code, connected.stderr).toBe(0);
  });

  afterAll(async () => {
    await gateway.stop();
    await Promise.all([stopProcess(streamable.child), stopProcess(sse.child)]);
    world.cleanup();
  });

  for (const name of ['remote-http', 'remote-sse', 'remote-guess']) {
    it(`calls echo on ${name} through the gateway and audits it`, async () => {
      const entry = readEntries(world.cursorConfigPath)[name]!;
      expect(entry.args).toContain('shim');
      const { client } = await connectEntry(entry, world);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
      const result = await client.callTool({ name: 'echo', arguments: { message: `via ${name}` } });
      expect(result.content).toEqual([{ type: 'text', text: `Echo: via ${name}` }]);
      await client.close();
      const rows = JSON.parse(
        (await runCli(world, ['audit', '--format', 'json', '--server', name])).stdout,
      ) as AuditRow[];
      expect(rows.find((r) => r.tool === 'echo')).toMatchObject({
        client: 'cursor',
        decision: 'allow',
        isError: false,
      });
    });
  }

  it("sends the config's headers to the remote, and keeps their values out of Portcullis", async () => {
    const headerWorld = createWorld();
    const remote = spawn(process.execPath, [remoteFixture]);
    try {
      const url = await new Promise<string>((done) =>
        remote.stdout!.on('data', (d: Buffer) => {
          const m = /listening on (\S+)/.exec(d.toString());
          if (m) done(m[1]!);
        }),
      );
      writeFile(
        headerWorld.cursorConfigPath,
        JSON.stringify({
          mcpServers: {
            api: { url, headers: { Authorization: 'Bearer cursor-secret-123', 'X-Team': 'blue' } },
          },
        }),
      );
      expect((await runCli(headerWorld, ['connect', 'cursor'])).code).toBe(0);
      const entry = readEntries(headerWorld.cursorConfigPath).api!;
      expect(JSON.parse(entry.env!.PORTCULLIS_REMOTE_HEADERS!)).toEqual({
        Authorization: 'Bearer cursor-secret-123',
        'X-Team': 'blue',
      });
      const { client } = await connectEntry(entry, headerWorld);
      const result = await client.callTool({ name: 'headers', arguments: {} });
      const seen = JSON.parse((result.content as { text: string }[])[0]!.text) as Record<string, string>;
      expect(seen.authorization).toBe('Bearer cursor-secret-123');
      expect(seen['x-team']).toBe('blue');
      await client.close();
      await runCli(headerWorld, ['audit', 'verify']);
      // The registration keeps header names only; the values never reach the database.
      const db = Buffer.concat(
        ['portcullis.db', 'portcullis.db-wal']
          .map((f) => join(headerWorld.dataDir, f))
          .filter((f) => existsSync(f))
          .map((f) => readFileSync(f)),
      );
      expect(db.includes('cursor-secret-123')).toBe(false);
      expect(db.includes('X-Team')).toBe(true);
    } finally {
      await stopProcess(remote);
      headerWorld.cleanup();
    }
  });

  it('answers with an error naming the remote when it cannot be reached', async () => {
    await stopProcess(streamable.child);
    const entry = readEntries(world.cursorConfigPath)['remote-http']!;
    await expect(connectEntry(entry, world)).rejects.toThrow(
      /Portcullis could not reach the remote server http:\/\/127\.0\.0\.1:\d+/,
    );
  });
});
