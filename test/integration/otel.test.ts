import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePolicyFile } from '../helpers/claude-desktop';
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

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  status: { code?: number; message?: string };
}
interface Received {
  resource: Record<string, string | undefined>;
  span: OtlpSpan;
  attrs: Record<string, string | undefined>;
}

/** A real OTLP/HTTP receiver, as small as it gets: decodes the JSON body of each export. */
function otlpReceiver(): Promise<{ server: Server; url: string; spans: Received[]; contentTypes: string[] }> {
  const spans: Received[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      contentTypes.push(req.headers['content-type'] ?? '');
      const request = JSON.parse(body) as {
        resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const rs of request.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            spans.push({ resource: flat(rs.resource.attributes), span, attrs: flat(span.attributes) });
          }
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans,
        contentTypes,
      }),
    ),
  );
}

function flat(attributes: OtlpAttribute[]): Record<string, string | undefined> {
  return Object.fromEntries(attributes.map((a) => [a.key, a.value.stringValue ?? a.value.intValue]));
}

describe('OpenTelemetry export', () => {
  let world: World;
  let gateway: RunningGateway;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let client: Client;
  const settingsFile = () => join(world.dataDir, 'settings.json');

  beforeAll(async () => {
    receiver = await otlpReceiver();
    world = createWorld();
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { notes: { command: process.execPath, args: [fixtureServer] } } }),
    );
    writeFile(settingsFile(), JSON.stringify({ otlpEndpoint: receiver.url }));
    gateway = await startGateway(world);
    expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
    const policy = writePolicyFile(world, 'policy.json', {
      version: '1',
      default: 'allow',
      tools: { write_note: { action: 'deny', reason: 'no notes today' } },
    });
    expect((await runCli(world, ['policy', 'import', policy])).code).toBe(0);
    client = (await connectEntry(readEntries(world.claudeConfigPath).notes!, world)).client;
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    world?.cleanup();
    receiver?.server.close();
  });

  it('sends each tool call as a span with the MCP and GenAI attribute names, arguments left out', async () => {
    const before = Date.now();
    await client.callTool({
      name: 'echo',
      arguments: { message: 'hello', apiKey: 'sk-live-0123456789abcdef' },
    });
    await client.callTool({ name: 'write_note', arguments: { text: 'x' } });
    const echo = await waitFor(
      () => receiver.spans.find((s) => s.span.name === 'tools/call echo'),
      'the echo span',
    );
    const denied = await waitFor(
      () => receiver.spans.find((s) => s.span.name === 'tools/call write_note'),
      'the denied span',
    );
    expect(receiver.contentTypes[0]).toBe('application/json');
    expect(echo.resource).toMatchObject({ 'service.name': 'portcullis' });
    expect(echo.span.kind).toBe(3); // CLIENT: the gateway calls the server for the client
    expect(echo.span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(echo.span.spanId).toMatch(/^[0-9a-f]{16}$/);
    const start = BigInt(echo.span.startTimeUnixNano);
    expect(start >= BigInt(before) * 1_000_000n).toBe(true);
    expect(BigInt(echo.span.endTimeUnixNano) >= start).toBe(true);
    expect(echo.attrs).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'echo',
      'network.transport': 'pipe',
      'portcullis.client': 'claude-desktop',
      'portcullis.server': 'notes',
      'portcullis.outcome': 'allowed',
    });
    expect(echo.attrs['mcp.session.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(echo.attrs['mcp.protocol.version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(echo.attrs).not.toHaveProperty('gen_ai.tool.call.arguments');
    expect(echo.attrs).not.toHaveProperty('error.type');
    expect(echo.span.status.code ?? 0).toBe(0);

    expect(denied.attrs).toMatchObject({
      'error.type': 'denied',
      'portcullis.outcome': 'denied',
      'portcullis.rule': 'tools.write_note',
    });
    expect(denied.span.status).toEqual({ code: 2, message: 'no notes today' });
  });

  it('adds the redacted arguments only when the second setting allows it', async () => {
    writeFile(settingsFile(), JSON.stringify({ otlpEndpoint: receiver.url, otlpArguments: true }));
    // The exporter reads settings at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    await client.callTool({
      name: 'echo',
      arguments: { message: 'with args', apiKey: 'sk-live-0123456789abcdef' },
    });
    const span = await waitFor(
      () => receiver.spans.find((s) => s.attrs['gen_ai.tool.call.arguments']?.includes('with args')),
      'a span with arguments',
    );
    expect(JSON.parse(span.attrs['gen_ai.tool.call.arguments']!)).toEqual({
      message: 'with args',
      apiKey: '[REDACTED]',
    });
  });
});
