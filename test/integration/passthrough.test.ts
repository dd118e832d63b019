import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * Everything the gateway does not decide must pass through untouched, in both directions, through
 * the real shim and gateway processes: progress, logging, sampling, elicitation, resources,
 * prompts, cancellation, large results. A misbehaving server must not break the client.
 */
describe('passthrough through the shim and gateway', () => {
  let world: World;
  let gateway: RunningGateway;

  beforeAll(async () => {
    world = createWorld();
    writeFile(
      world.cursorConfigPath,
      JSON.stringify({
        mcpServers: {
          fixture: { command: 'node', args: [fixtureServer], env: { FIXTURE_SECRET: 'from-cursor-config' } },
          noisy: { command: 'node', args: [fixtureServer], env: { FIXTURE_NOISY_STDOUT: '1' } },
          missing: { command: 'definitely-not-a-command-portcullis', args: [] },
          crashing: {
            command: 'node',
            args: ['-e', 'process.stderr.write("boom: bad config\\n"); process.exit(3)'],
          },
        },
      }),
    );
    gateway = await startGateway(world);
    const connected = await runCli(world, ['connect', 'cursor']);
    expect(connected.code, connected.stderr).toBe(0);
  });
  afterAll(async () => {
    await gateway.stop();
    world.cleanup();
  });

  const entry = (name: string) => readEntries(world.cursorConfigPath)[name]!;

  it('carries progress, logging, sampling, elicitation, resources and prompts both ways', async () => {
    const { client } = await connectEntry(entry('fixture'), world, {
      capabilities: { sampling: {}, elicitation: {} },
    });
    const logs: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
      role: 'assistant',
      content: { type: 'text', text: `echo of ${JSON.stringify(request.params.messages[0]!.content)}` },
      model: 'test-model',
    }));
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: 'accept',
      content: { name: 'Ada' },
    }));

    const progress: number[] = [];
    const slow = await client.callTool({ name: 'slow', arguments: { steps: 3, ms: 20 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(slow.content).toEqual([{ type: 'text', text: 'done after 3 steps' }]);
    expect(progress).toEqual([1, 2, 3]);

    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'log', arguments: { text: 'hello log' } });
    await waitFor(() => logs.includes('hello log'), 'the logging notification');

    const sampled = await client.callTool({ name: 'ask_model', arguments: { prompt: 'hi' } });
    expect(JSON.stringify(sampled.content)).toContain('echo of');
    const elicited = await client.callTool({ name: 'ask_person', arguments: {} });
    expect(elicited.content).toEqual([{ type: 'text', text: 'accept: {"name":"Ada"}' }]);

    expect((await client.readResource({ uri: 'fixture://greeting' })).contents[0]).toMatchObject({
      text: 'hello from the fixture',
    });
    const prompt = await client.getPrompt({ name: 'review', arguments: { code: 'x = 1' } });
    expect(prompt.messages[0]!.content).toEqual({ type: 'text', text: 'Please review: x = 1' });

    // The client's env reached the server.
    const env = await client.callTool({ name: 'env', arguments: { name: 'FIXTURE_SECRET' } });
    expect(env.content).toEqual([{ type: 'text', text: 'from-cursor-config' }]);
    await client.close();
  });

  it('carries a 5 MB result intact and records its size', async () => {
    const { client } = await connectEntry(entry('fixture'), world);
    const result = await client.callTool({ name: 'big', arguments: { bytes: 5_000_000 } });
    expect((result.content as { text: string }[])[0]!.text.length).toBe(5_000_000);
    await client.close();
    const rows = JSON.parse(
      (await runCli(world, ['audit', '--format', 'json', '--tool', 'big'])).stdout,
    ) as AuditRow[];
    expect(rows[0]!.resultBytes).toBeGreaterThan(5_000_000);
  });

  it('records a cancelled call and keeps the session usable', async () => {
    const { client } = await connectEntry(entry('fixture'), world);
    const controller = new AbortController();
    const call = client.callTool({ name: 'slow', arguments: { steps: 50, ms: 100 } }, undefined, {
      signal: controller.signal,
    });
    await waitFor(async () => {
      const rows = await runCli(world, ['status', '--json']);
      return (JSON.parse(rows.stdout) as { sessions: { calls: number }[] }).sessions.some((s) => s.calls > 0);
    }, 'the call to be under way');
    controller.abort('the person pressed stop');
    await expect(call).rejects.toThrow();
    expect((await client.callTool({ name: 'echo', arguments: { message: 'still here' } })).content).toEqual([
      { type: 'text', text: 'still here' },
    ]);
    await client.close();
    const rows = await waitFor(async () => {
      const out = JSON.parse(
        (await runCli(world, ['audit', '--format', 'json', '--tool', 'slow'])).stdout,
      ) as AuditRow[];
      return out.find((r) => r.error === 'cancelled by the client');
    }, 'the cancelled row');
    expect(rows.isError).toBe(true);
  });

  it("drops a server's non-JSON stdout instead of passing it to the client, and logs it", async () => {
    const { client } = await connectEntry(entry('noisy'), world);
    expect((await client.callTool({ name: 'echo', arguments: { message: 'clean' } })).content).toEqual([
      { type: 'text', text: 'clean' },
    ]);
    await client.close();
    const log = readFileSync(join(world.dataDir, 'logs', 'servers', 'cursor--noisy.log'), 'utf8');
    expect(log).toContain('dropped output that is not JSON-RPC: this is not JSON-RPC');
    expect(log).toContain('fixture server started');
  });

  it('answers initialize with a clear error when the registered command does not exist', async () => {
    await expect(connectEntry(entry('missing'), world)).rejects.toThrow(
      /Portcullis: the server "missing" could not be started: command "definitely-not-a-command-portcullis" was not found/,
    );
  });

  it("answers initialize with the exit status and the server's last words when it crashes", async () => {
    await expect(connectEntry(entry('crashing'), world)).rejects.toThrow(
      /exited with code 3 \(last output: boom: bad config\)/,
    );
  });

  it('refuses a server the person never registered, saying how to register it', async () => {
    const forged = {
      ...entry('fixture'),
      args: entry('fixture').args!.map((a) => (a === 'fixture' ? 'not-registered' : a)),
    };
    await expect(connectEntry(forged, world)).rejects.toThrow(
      /no registered server "not-registered" for client "cursor".*npx portcullis connect cursor/,
    );
  });
});
