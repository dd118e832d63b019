import { spawn } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import { auditExportUrl } from '../../shared/audit-query';
import { writePolicyFile } from '../helpers/claude-desktop';
import { cliPath, fixtureServer } from '../helpers/paths';
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

/** `portcullis audit`, the API and the streamed export, against a real gateway and real calls. */
describe('the audit log from the command line and the API', () => {
  let world: World;
  let gateway: RunningGateway;
  let client: Client;

  const cli = (...args: string[]) => runCli(world, args);
  const api = async (channel: string, args: object) => {
    const response = await fetch(new URL(`api/${channel}`, gateway.dashboardUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${gateway.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
    return (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } };
  };

  beforeAll(async () => {
    world = createWorld();
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { notes: { command: process.execPath, args: [fixtureServer] } } }),
    );
    gateway = await startGateway(world);
    expect((await cli('connect', 'claude-desktop')).code).toBe(0);
    const policy = writePolicyFile(world, 'policy.json', {
      version: '1',
      default: 'allow',
      tools: { write_note: { action: 'deny', reason: 'notes are read-only this week' } },
    });
    expect((await cli('policy', 'import', policy)).code).toBe(0);
    client = (await connectEntry(readEntries(world.claudeConfigPath).notes!, world)).client;
    await client.callTool({ name: 'echo', arguments: { message: 'the quarterly flamingo report' } });
    await client.callTool({ name: 'echo', arguments: { message: '=HYPERLINK("http://evil.example","x")' } });
    await client.callTool({ name: 'write_note', arguments: { text: 'hello' } });
    await client.callTool({ name: 'fail', arguments: {} });
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    world?.cleanup();
  });

  it('searches, and filters by outcome, in the shared words', async () => {
    const found = JSON.parse(
      (await cli('audit', '--format', 'json', '--search', 'flamingo')).stdout,
    ) as AuditRow[];
    expect(found.map((r) => r.tool)).toEqual(['echo']);
    expect(found[0]!.resultPreview).toBe('the quarterly flamingo report');

    const denied = JSON.parse(
      (await cli('audit', '--format', 'json', '--outcome', 'denied,rejected')).stdout,
    ) as AuditRow[];
    expect(denied.map((r) => [r.tool, r.outcome, r.reason])).toEqual([
      ['write_note', 'denied', 'notes are read-only this week'],
    ]);
    const failed = JSON.parse(
      (await cli('audit', '--format', 'json', '--outcome', 'server_error')).stdout,
    ) as AuditRow[];
    expect(failed[0]).toMatchObject({ tool: 'fail', error: 'this tool always fails' });

    const table = await cli('audit', '--kind', 'call', '--limit', '2');
    expect(table.stdout).toContain('denied by a rule: notes are read-only this week');
    expect(table.stdout).toContain("the server's error: this tool always fails");
    expect(table.stderr).toContain('(the newest 2 of 4 matching rows; --limit shows more)');

    const bad = await cli('audit', '--outcome', 'blocked');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--outcome: "blocked" is not one of allowed, approved, denied');
  });

  it('exports every matching row, streamed, as JSONL and CSV, with the checkpoint first', async () => {
    const jsonl = (await cli('audit', '--format', 'jsonl', '--kind', 'call')).stdout.trim().split('\n');
    const header = JSON.parse(jsonl[0]!) as {
      kind: string;
      checkpoint: { id: number; hash: string };
      lastId: number;
    };
    expect(header).toMatchObject({ kind: 'export', filter: { kind: 'call' } });
    expect(header.checkpoint.hash).toMatch(/^[0-9a-f]{64}$/);
    const rows = jsonl.slice(1).map((l) => JSON.parse(l) as AuditRow);
    expect(rows.map((r) => r.tool)).toEqual(['echo', 'echo', 'write_note', 'fail']);

    const csv = (await cli('audit', '--format', 'csv', '--tool', 'echo')).stdout.trim().split('\r\n');
    expect(csv[0]).toMatch(/^id,time,ts,kind,event,client,server,tool,decision,outcome,outcome_text,/);
    expect(csv[1]).toMatch(/^\d+,[^,]+,\d+,checkpoint,/);
    expect(csv).toHaveLength(4);
    // A result that a spreadsheet would run as a formula is written as text.
    expect(csv[3]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);

    const limited = await cli('audit', '--format', 'csv', '--limit', '3');
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain('--limit applies to table and json');
  });

  it('serves the export to the dashboard only with its login, and names a bad filter', async () => {
    const url = new URL(auditExportUrl({ tool: 'echo' }, 'jsonl').slice(1), gateway.dashboardUrl);
    expect((await fetch(url)).status).toBe(401);
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${gateway.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(ok.headers.get('content-disposition')).toMatch(
      /^attachment; filename="portcullis-audit-.*\.jsonl"$/,
    );
    expect((await ok.text()).trim().split('\n')).toHaveLength(3);
    const bad = new URL(url);
    bad.searchParams.set('filter', JSON.stringify({ tool: 'echo', colour: 'red' }));
    const refused = await fetch(bad, { headers: { Authorization: `Bearer ${gateway.token}` } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /Invalid export filter: .*colour/,
    );
  });

  it('answers the count, one row by its live call id, the pickers and the overview', async () => {
    expect(await api('audit:count', { kind: 'call', tool: 'echo' })).toEqual({
      ok: true,
      data: { total: 2, exact: true },
    });
    const [echo] = JSON.parse(
      (await cli('audit', '--format', 'json', '--search', 'flamingo')).stdout,
    ) as AuditRow[];
    expect(await api('audit:get', { callId: echo!.callId })).toMatchObject({
      ok: true,
      data: { id: echo!.id },
    });
    expect(await api('audit:facets', {})).toMatchObject({
      ok: true,
      data: {
        clients: ['claude-desktop'],
        servers: ['notes'],
        events: expect.arrayContaining(['policy.saved']),
      },
    });
    const overview = (await api('audit:overview', {
      since: Date.now() - 3_600_000,
      until: Date.now() + 1000,
    })) as {
      data: { calls: number; byOutcome: Record<string, number>; running: number; waiting: number };
    };
    expect(await api('audit:overview', { since: 2000, until: 1000 })).toMatchObject({
      ok: false,
      error: { message: 'Invalid arguments for audit:overview: until: until must be after since' },
    });
    expect(overview.data).toMatchObject({
      calls: 4,
      byOutcome: { allowed: 2, denied: 1, server_error: 1 },
      running: 0,
      waiting: 0,
    });
  });

  it('follows new rows as they are written', async () => {
    const follower = spawn(
      process.execPath,
      [cliPath, 'audit', '--follow', '--format', 'jsonl', '--tool', 'echo'],
      {
        env: world.env,
      },
    );
    let out = '';
    follower.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => out.split('\n').length >= 4, 'the export before following');
      await client.callTool({ name: 'echo', arguments: { message: 'a new one, while following' } });
      await waitFor(() => out.includes('a new one, while following'), 'the followed row');
      const last = JSON.parse(out.trim().split('\n').at(-1)!) as AuditRow;
      expect(last).toMatchObject({ tool: 'echo', outcome: 'allowed' });
    } finally {
      follower.kill();
    }
  });
});
