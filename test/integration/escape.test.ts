import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/approvals';
import type { AuditRow } from '../../shared/audit';
import type { SeenTool } from '../../shared/tools';
import { HOSTILE } from '../fixtures/servers/hostile-server.mjs';
import { hostileServer } from '../helpers/paths';
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

/** What a terminal would act on, or a reader could not see: no line of output may hold one. */
const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

function expectNothingRaw(output: string): void {
  for (const line of output.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(RAW);
}

/** A client program that names itself with escape sequences and a line break. */
const CLIENT_INFO = { name: 'evil\x1b[2J-client\u202E', version: '6.6\n6' };
/** Argument text that tries to overwrite, hyperlink and reverse what the person reads. */
const ARGS = { message: 'good\rbad \x1b]8;;https://evil.example\x07docs\x1b]8;;\x07 \u202Eexe.txt\nforged' };

/**
 * A hostile server and a hostile client program through the real gateway, and what the terminal
 * shows of them: `tools`, `audit` (table, CSV, JSON), `approvals` and `status` print every text
 * they control with its escapes visible, and none of the raw characters.
 */
describe('what the terminal shows of hostile text', () => {
  let world: World;
  let gateway: RunningGateway;
  let client: Awaited<ReturnType<typeof connectEntry>>['client'];
  const cli = async (...args: string[]) => {
    const result = await runCli(world, args);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    world = createWorld();
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { hostile: { command: 'node', args: [hostileServer] } } }),
    );
    gateway = await startGateway(world);
    await cli('connect', 'claude-desktop');
    const policy = join(world.root, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({ version: '1', default: 'allow', tools: { approve_me: { action: 'approve' } } }),
    );
    await cli('policy', 'import', policy);
    client = (await connectEntry(readEntries(world.claudeConfigPath).hostile!, world, {}, CLIENT_INFO))
      .client;
    await client.listTools();
    await client.callTool({ name: 'echo', arguments: ARGS });
    await client.callTool({ name: 'fail', arguments: {} }).catch(() => undefined);
    await client.callTool({ name: HOSTILE.formulaTool, arguments: {} }).catch(() => undefined);
    await waitFor(
      async () =>
        (JSON.parse(await cli('audit', '--format', 'json')) as AuditRow[]).filter((r) => r.kind === 'call')
          .length >= 3,
      'three calls in the audit log',
    );
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    world?.cleanup();
  });

  it('tools: hostile names and reasons in their own cells, escaped', async () => {
    const out = await cli('tools');
    expectNothingRaw(out);
    expect(out).toContain('rea\\u{200B}d_file');
    expect(out).toContain('invoice\\u{202E}txt.exe');
    expect(out).toContain('clear\\x1b[2J\\x1b[H');
    expect(out).toContain('row\\nforged  allow');
    // One line per tool (+ header and rule): the name with a line break did not make a row.
    const listed = JSON.parse(await cli('tools', '--json')) as SeenTool[];
    expect(out.trimEnd().split('\n')).toHaveLength(listed.length + 2);
    expect(listed.map((t) => t.name)).toEqual(expect.arrayContaining(HOSTILE.toolNames));
    expect(listed.find((t) => t.name === 'echo')?.description).toBe(HOSTILE.description);
  });

  it('tools --json: the exact values, as JSON that hides nothing raw', async () => {
    const out = await cli('tools', '--json');
    expectNothingRaw(out);
    expect(out).toContain('invoice\\u202etxt.exe');
  });

  it('audit: error texts and tool names escaped, one line per row', async () => {
    const out = await cli('audit', '--kind', 'call');
    expectNothingRaw(out);
    expect(out).toContain('\\x1b[2J\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07 good\\rbad');
    expect(out).toContain(HOSTILE.formulaTool);
    const rows = JSON.parse(await cli('audit', '--kind', 'call', '--format', 'json')) as AuditRow[];
    expect(out.trimEnd().split('\n')).toHaveLength(rows.length + 2);
  });

  it('audit --format json: the exact error text and arguments come back from the JSON', async () => {
    const out = await cli('audit', '--kind', 'call', '--format', 'json');
    expectNothingRaw(out.replaceAll('\n', ' '));
    const rows = JSON.parse(out) as AuditRow[];
    expect(rows.find((r) => r.tool === 'fail')?.error).toBe(`-32000 ${HOSTILE.error}`);
    expect(JSON.parse(rows.find((r) => r.tool === 'echo')!.args!)).toEqual(ARGS);
  });

  it('audit --format csv: formula cells guarded, one record per line, nothing raw', async () => {
    const out = await cli('audit', '--kind', 'call', '--format', 'csv');
    // Records end in CRLF (RFC 4180); nothing else in them may be a raw control character.
    const lines = out.trimEnd().split('\r\n');
    expectNothingRaw(lines.join('\n'));
    const failLine = lines.find((line) => line.includes(',fail,'))!;
    expect(failLine).toContain(`"'-32000 =HYPERLINK(""https://evil.example"",""ok"") \\x1b[2J`);
    expect(lines.find((line) => line.includes('SUM(A1:A9)'))).toContain(`,'${HOSTILE.formulaTool},`);
    // The header, the checkpoint the export starts from, and the three calls.
    expect(lines.filter((line) => !line.includes(',checkpoint,'))).toHaveLength(4);
  });

  it('approvals: the client program, server and arguments of a waiting call escaped', async () => {
    const held = client.callTool({ name: 'approve_me', arguments: ARGS });
    const approval = await waitFor(
      async () => (JSON.parse(await cli('approvals', '--json')) as Approval[])[0],
      'the call to wait for approval',
    );
    expect(approval.askedBy).toBe(`${CLIENT_INFO.name} ${CLIENT_INFO.version}`);
    const out = await cli('approvals');
    expectNothingRaw(out);
    expect(out).toContain('evil\\x1b[2J-client\\u{202E} 6.6\\n6');
    // The arguments are JSON text: its own escapes as they are, the raw RLO as a JSON escape.
    expect(out).toContain('{"message":"good\\rbad \\u001b]8;;https://evil');
    await cli('approvals', 'deny', approval.id);
    await held;
  });

  it('status: the sessions table shows the client program escaped', async () => {
    const out = await cli('status');
    expectNothingRaw(out);
    expect(out).toContain('evil\\x1b[2J-client\\u{202E} 6.6\\n6');
    const status = JSON.parse(await cli('status', '--json')) as {
      sessions: { clientInfo?: { name: string }; serverInfo?: { name: string } }[];
    };
    expect(status.sessions[0]?.clientInfo?.name).toBe(CLIENT_INFO.name);
    expect(status.sessions[0]?.serverInfo?.name).toBe(HOSTILE.serverName);
  });
});
