import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CreateMessageRequestSchema,
  ToolListChangedNotificationSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuditEntry } from '../../../shared/audit';
import type { LiveCall } from '../../../shared/events';
import type { PolicyDocumentInput } from '../../../shared/policy';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';
import { Session } from '../../../main/gateway/session';

/**
 * A real SDK client and a real SDK server, with a Session in between, joined by in-memory
 * transports: the session sees exactly the JSON text each side would put on a pipe.
 */
async function harness(policy: PolicyDocumentInput = { version: '1', default: 'allow', tools: {} }) {
  const service = new PolicyService(openStore(':memory:'));
  service.save(JSON.stringify(policy), 'test');
  const [clientSide, gatewayDown] = InMemoryTransport.createLinkedPair();
  const [gatewayUp, serverSide] = InMemoryTransport.createLinkedPair();
  const audit: AuditEntry[] = [];
  const calls: LiveCall[] = [];
  const toClient: string[] = [];
  const reachedServer: string[] = [];
  let downstreamClosed = false;

  const session = new Session(
    'cursor',
    'fixture',
    'stdio',
    {
      send: (line) => {
        toClient.push(line);
        void gatewayDown.send(JSON.parse(line) as JSONRPCMessage);
        return true;
      },
      close: () => {
        downstreamClosed = true;
      },
      buffered: () => 0,
      pauseReading: () => undefined,
      resumeReading: () => undefined,
    },
    {
      decide: (call) => service.decide(call),
      isHidden: (tool) => service.isHidden('cursor', 'fixture', tool),
      audit: (e) => audit.push(e),
      onCall: (c) => calls.push(c),
      now: () => Date.now(),
      clock: () => performance.now(),
    },
  );
  gatewayDown.onmessage = (m) => session.fromClient(JSON.stringify(m));
  gatewayUp.onmessage = (m) => session.fromServer(JSON.stringify(m));
  await gatewayDown.start();
  await gatewayUp.start();
  session.attach({
    send: (line) => {
      reachedServer.push(line);
      void gatewayUp.send(JSON.parse(line) as JSONRPCMessage);
      return true;
    },
    close: async () => undefined,
  });

  const server = new McpServer({ name: 'fixture', version: '1.0.0' }, { capabilities: { logging: {} } });
  let echoRuns = 0;
  server.registerTool('echo', { inputSchema: { message: z.string() } }, async ({ message }) => {
    echoRuns++;
    return { content: [{ type: 'text', text: message }] };
  });
  server.registerTool('fail', { inputSchema: {} }, async () => ({
    content: [{ type: 'text', text: 'no' }],
    isError: true,
  }));
  server.registerTool('progress', { inputSchema: {} }, async (_args, extra) => {
    for (let i = 1; i <= 3; i++) {
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken: extra._meta!.progressToken!, progress: i, total: 3 },
      });
    }
    await server.sendLoggingMessage({ level: 'info', data: 'progress done' });
    return { content: [{ type: 'text', text: 'ok' }] };
  });
  server.registerTool('ask_model', { inputSchema: {} }, async () => {
    const r = await server.server.createMessage({
      messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
      maxTokens: 5,
    });
    return { content: [{ type: 'text', text: r.content.type === 'text' ? r.content.text : '' }] };
  });
  server.registerTool('hang', { inputSchema: {} }, () => new Promise(() => undefined));
  server.registerResource('greeting', 'fixture://greeting', {}, async (uri) => ({
    contents: [{ uri: uri.href, text: 'hello' }],
  }));
  await server.connect(serverSide);

  const client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: { sampling: {} } });
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    role: 'assistant',
    content: { type: 'text', text: 'sampled' },
    model: 'test-model',
  }));
  await client.connect(clientSide);

  return {
    service,
    session,
    client,
    audit,
    calls,
    toClient,
    reachedServer,
    echoRuns: () => echoRuns,
    downstreamClosed: () => downstreamClosed,
  };
}

describe('Session', () => {
  it('passes an allowed call through and records it once, with latency and size', async () => {
    const h = await harness();
    const result = await h.client.callTool({
      name: 'echo',
      arguments: { message: 'hello', apiKey: 'sk-live-secret-value-123456' },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'hello' }]);
    expect(h.audit).toHaveLength(1);
    expect(h.audit[0]).toMatchObject({
      client: 'cursor',
      server: 'fixture',
      tool: 'echo',
      decision: 'allow',
      rule: 'default',
      isError: false,
    });
    expect(h.audit[0]!.args).toBe('{"message":"hello","apiKey":"[REDACTED]"}');
    expect(h.audit[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(h.audit[0]!.resultBytes).toBeGreaterThan(20);
    expect(h.calls.map((c) => c.status)).toEqual(['pending', 'ok']);
    expect(h.session.info()).toMatchObject({
      calls: 1,
      clientInfo: { name: 'test-client' },
      serverInfo: { name: 'fixture' },
    });
    expect(h.session.info().protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('answers a denied call itself with isError and the reason; the server never sees it', async () => {
    const h = await harness({
      version: '1',
      default: 'allow',
      tools: { echo: { action: 'deny', reason: 'Echo is off today' } },
    });
    const result = await h.client.callTool({ name: 'echo', arguments: { message: 'x' } });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      {
        type: 'text',
        text: '[POLICY DENIED] Portcullis blocked "echo" on server "fixture": Echo is off today (rule: tools.echo).',
      },
    ]);
    expect(h.echoRuns()).toBe(0);
    expect(h.reachedServer.some((l) => l.includes('"tools/call"'))).toBe(false);
    expect(h.audit[0]).toMatchObject({
      decision: 'deny',
      rule: 'tools.echo',
      reason: 'Echo is off today',
      isError: true,
    });
    expect(h.calls.at(-1)!.status).toBe('denied');
  });

  it('records a tool error as an error', async () => {
    const h = await harness();
    const result = await h.client.callTool({ name: 'fail', arguments: {} });
    expect(result.isError).toBe(true);
    expect(h.audit[0]).toMatchObject({ tool: 'fail', decision: 'allow', isError: true });
    expect(h.calls.at(-1)!.status).toBe('error');
  });

  it('passes progress, logging, sampling and resources through untouched', async () => {
    const h = await harness();
    const progress: number[] = [];
    const logs: unknown[] = [];
    h.client.setNotificationHandler(
      (await import('@modelcontextprotocol/sdk/types.js')).LoggingMessageNotificationSchema,
      (n) => void logs.push(n.params.data),
    );
    await h.client.callTool({ name: 'progress', arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toEqual(['progress done']);
    const sampled = await h.client.callTool({ name: 'ask_model', arguments: {} });
    expect(sampled.content).toEqual([{ type: 'text', text: 'sampled' }]);
    const resource = await h.client.readResource({ uri: 'fixture://greeting' });
    expect(resource.contents[0]).toMatchObject({ text: 'hello' });
  });

  it('forwards unchanged bytes: what the server receives is what the client sent', async () => {
    const h = await harness();
    const before = h.reachedServer.length;
    h.session.fromClient('{"jsonrpc":"2.0","id":"x-1","method":"ping","params":{"_meta":{"z":1,"a":[1,2]}}}');
    expect(h.reachedServer[before]).toBe(
      '{"jsonrpc":"2.0","id":"x-1","method":"ping","params":{"_meta":{"z":1,"a":[1,2]}}}',
    );
  });

  it('answers a malformed message with a parse error and does not forward it', async () => {
    const h = await harness();
    const before = h.reachedServer.length;
    h.session.fromClient('{"jsonrpc":"2.0","method":"tools/call", oops');
    expect(h.reachedServer.length).toBe(before);
    expect(JSON.parse(h.toClient.at(-1)!)).toMatchObject({ id: null, error: { code: -32700 } });
  });

  it('decides every call of a batch and forwards only the allowed ones', async () => {
    const h = await harness({ version: '1', default: 'allow', tools: { fail: { action: 'deny' } } });
    const before = h.reachedServer.length;
    h.session.fromClient(
      JSON.stringify([
        {
          jsonrpc: '2.0',
          id: 101,
          method: 'tools/call',
          params: { name: 'echo', arguments: { message: 'a' } },
        },
        { jsonrpc: '2.0', id: 102, method: 'tools/call', params: { name: 'fail', arguments: {} } },
      ]),
    );
    const forwarded = JSON.parse(h.reachedServer[before]!) as { id: number }[];
    expect(forwarded.map((m) => m.id)).toEqual([101]);
    expect(h.toClient.some((l) => l.includes('"id":102') && l.includes('POLICY DENIED'))).toBe(true);
  });

  it('answers what the client still waits for when the server goes away, naming the server', async () => {
    const h = await harness();
    const pending = h.client.callTool({ name: 'hang', arguments: {} });
    await new Promise((r) => setTimeout(r, 20));
    h.session.upstreamClosed('exited with code 1');
    await expect(pending).rejects.toThrow(/Portcullis: the server "fixture" exited with code 1/);
    expect(h.downstreamClosed()).toBe(true);
    expect(h.audit.at(-1)).toMatchObject({
      tool: 'hang',
      isError: true,
      error: 'Portcullis: the server "fixture" exited with code 1.',
    });
  });

  it('finishes a call the client cancelled', async () => {
    const h = await harness();
    const controller = new AbortController();
    const pending = h.client.callTool({ name: 'hang', arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort('changed my mind');
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 20));
    expect(h.audit.at(-1)).toMatchObject({ tool: 'hang', isError: true, error: 'cancelled by the client' });
  });

  it('leaves hidden tools out of tools/list, and refuses calls to them', async () => {
    const h = await harness({ version: '1', default: 'allow', tools: { fail: { action: 'hide' } } });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('echo');
    expect(names).not.toContain('fail');
    const result = await h.client.callTool({ name: 'fail', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('hidden by policy');
  });

  it('declares listChanged, and tells the client to list again when a policy change alters what it may see', async () => {
    const h = await harness();
    const changes: number[] = [];
    h.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes.push(1));
    expect(h.client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    await h.client.listTools();
    h.service.save(
      JSON.stringify({ version: '1', default: 'allow', tools: { echo: { action: 'deny' } } }),
      'test',
    );
    h.session.policyChanged();
    expect(changes).toHaveLength(0); // a deny does not change what the client sees
    h.service.save(
      JSON.stringify({ version: '1', default: 'allow', tools: { echo: { action: 'hide' } } }),
      'test',
    );
    h.session.policyChanged();
    await new Promise((r) => setTimeout(r, 10));
    expect(changes).toHaveLength(1);
    expect((await h.client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
  });

  it('refuses a call that needs approval when there is no one to ask, saying so', async () => {
    const h = await harness({
      version: '1',
      default: 'allow',
      tools: { echo: { action: 'approve', reason: 'ask me' } },
    });
    const result = await h.client.callTool({ name: 'echo', arguments: { message: 'x' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain(
      'needs approval (ask me), and no one can approve it here',
    );
    expect(h.echoRuns()).toBe(0);
  });

  it('records what a shadow draft would have decided, without changing the call', async () => {
    const h = await harness();
    h.service.saveDraft(
      JSON.stringify({ version: '1', default: 'allow', tools: { echo: { action: 'deny' } } }),
      true,
    );
    const result = await h.client.callTool({ name: 'echo', arguments: { message: 'still works' } });
    expect(result.content).toEqual([{ type: 'text', text: 'still works' }]);
    expect(JSON.parse(h.audit.at(-1)!.shadow!)).toMatchObject({ action: 'deny', rule: 'tools.echo' });
    expect(h.calls.at(-1)!.shadow).toEqual({ action: 'deny', rule: 'tools.echo' });
  });

  it('counts a rate-limited tool per client and refuses over the limit with when to retry', async () => {
    const h = await harness({
      version: '1',
      default: 'allow',
      tools: { echo: { limits: [{ window: 'minute', max: 2 }] } },
    });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await h.client.callTool({ name: 'echo', arguments: { message: `m${i}` } });
      texts.push((r.content as { text: string }[])[0]!.text);
    }
    expect(texts.slice(0, 2)).toEqual(['m0', 'm1']);
    expect(texts[2]).toMatch(
      /^\[POLICY DENIED\] .*rate limit reached: at most 2 calls a minute per client; try again in \d+ s \(rule: tools\.echo\.limits\[0\]\)\.$/,
    );
    expect(h.echoRuns()).toBe(2);
  });
});
