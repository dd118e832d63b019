import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackFrames } from '../helpers/attack-frames';
import { rawClient } from '../helpers/raw-client';
import { repoRoot } from '../helpers/paths';
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

const lenientServer = join(repoRoot, 'test/fixtures/servers/lenient-server.mjs');
const FRAMES = Number(process.env.PORTCULLIS_FUZZ_FRAMES) || 10_000;

/**
 * The attacker's test of "nothing gets past the policy": under a deny-all policy, thousands of
 * mutated tools/call frames go through the real shim and gateway to a server whose parser forgives
 * everything and records every call it would run. None may reach it.
 */
describe.each(['stdio', 'http'] as const)('fuzzing the decision path (%s upstream)', (transport) => {
  let world: World;
  let gateway: RunningGateway;
  let callsFile: string;
  let remote: ChildProcess | undefined;
  const frames = transport === 'stdio' ? FRAMES : Math.ceil(FRAMES / 5);

  beforeAll(async () => {
    world = createWorld();
    callsFile = join(world.root, 'lenient-calls.jsonl');
    writeFileSync(callsFile, '');
    let entry: Record<string, unknown>;
    if (transport === 'stdio') {
      entry = { command: process.execPath, args: [lenientServer], env: { LENIENT_CALLS: callsFile } };
    } else {
      remote = spawn(process.execPath, [lenientServer, 'http', '0'], {
        env: { ...process.env, LENIENT_CALLS: callsFile },
      });
      const port = await new Promise<number>((done, fail) => {
        let out = '';
        remote!.stderr!.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /listening on port (\d+)/.exec(out);
          if (match) done(Number(match[1]));
        });
        remote!.on('exit', (code) => fail(new Error(`lenient http server exited ${code}: ${out}`)));
      });
      entry = { url: `http://127.0.0.1:${port}/mcp` };
    }
    writeFile(world.cursorConfigPath, JSON.stringify({ mcpServers: { lenient: entry } }, null, 2));
    gateway = await startGateway(world);
    const connected = await runCli(world, ['connect', 'cursor']);
    expect(connected.code, connected.stderr).toBe(0);
    const policy = join(world.root, 'deny-all.json');
    writeFileSync(policy, JSON.stringify({ version: '1', default: 'deny', tools: {} }));
    const imported = await runCli(world, ['policy', 'import', policy]);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    if (remote) await stopProcess(remote);
    world?.cleanup();
  });

  it(`lets none of ${frames} mutated tools/call frames reach the server, and keeps serving`, async () => {
    const entry = readEntries(world.cursorConfigPath).lenient!;
    const client = rawClient(entry, world);
    await client.start();

    const generated = attackFrames(frames, transport === 'stdio' ? 1 : 2);
    for (const frame of generated) {
      if (!client.child.stdin.write(Buffer.concat([frame, Buffer.from('\n')]))) {
        await new Promise((r) => client.child.stdin.once('drain', r));
      }
    }
    // Everything before it has been handled once the server answers this.
    client.child.stdin.write('{"jsonrpc":"2.0","id":"final-ping","method":"ping"}\n');
    await client.answered('final-ping', 120_000);

    const reached = readFileSync(callsFile, 'utf8').split('\n').filter(Boolean);
    const kinds = new Map<string, number>();
    for (const a of client.answers as { error?: { code: number }; result?: { isError?: boolean } }[]) {
      const kind = a.error ? `error ${a.error.code}` : a.result?.isError ? 'denied by policy' : 'answered';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    console.log(
      `[fuzz ${transport}] ${generated.length} frames; answers: ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}; calls that reached the server: ${reached.length}`,
    );
    expect(reached.slice(0, 5)).toEqual([]);

    // The same session still works, and so does a new one once the policy allows a tool.
    client.child.stdin.write('{"jsonrpc":"2.0","id":"after","method":"tools/list"}\n');
    expect(await client.answered('after')).toMatchObject({ result: { tools: expect.any(Array) } });
    client.child.stdin.end();

    const allow = join(world.root, 'allow-echo.json');
    writeFileSync(allow, JSON.stringify({ version: '1', default: 'deny', tools: { echo: {} } }));
    expect((await runCli(world, ['policy', 'import', allow])).code).toBe(0);
    const { client: healthy } = await connectEntry(entry, world);
    const result = await healthy.callTool({ name: 'echo', arguments: { message: 'hi' } });
    expect(result.isError).toBeFalsy();
    expect(readFileSync(callsFile, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    await healthy.close();
    expect(existsSync(join(world.dataDir, 'gateway.json'))).toBe(true);
  }, 240_000);
});
