import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import type { SeenTool } from '../../shared/tools';
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
  resultText as text,
  type EntryClient as Client,
} from '../helpers/world';

/**
 * The policy engine's "must show", through real shims, a real gateway and our fixture server, with
 * two clients (Claude Desktop and Cursor) each connected to it.
 */
describe('the policy engine through the gateway', () => {
  let world: World;
  let gateway: RunningGateway;
  let claude: Client;
  let cursor: Client;

  const file = (name: string, document: unknown) => {
    const path = join(world.root, name);
    writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
    return path;
  };
  const cli = async (...args: string[]) => {
    const result = await runCli(world, args);
    return result;
  };
  const connectBoth = async () => {
    claude = (await connectEntry(readEntries(world.claudeConfigPath).notes!, world)).client;
    cursor = (await connectEntry(readEntries(world.cursorConfigPath).notes!, world)).client;
  };

  beforeAll(async () => {
    world = createWorld();
    const config = JSON.stringify({ mcpServers: { notes: { command: 'node', args: [fixtureServer] } } });
    writeFile(world.claudeConfigPath, config);
    writeFile(world.cursorConfigPath, config);
    gateway = await startGateway(world);
    expect((await cli('connect', 'claude-desktop', 'cursor')).code).toBe(0);
    await connectBoth();
  });

  afterAll(async () => {
    await claude?.close();
    await cursor?.close();
    await gateway.stop();
    world.cleanup();
  });

  it('imports the published shapes unchanged and behaves as published, through real calls', async () => {
    // Exactly the hosted gateways' published shapes: a `{}` tool, a tool capped per grant, default deny.
    const published = {
      version: '1',
      default: 'deny',
      tools: {
        echo: {},
        write_note: { limits: [{ counter: 'write_note_rate', window: 'minute', max: 3, scope: 'grant' }] },
      },
    };
    const imported = await cli('policy', 'import', file('published.json', published));
    expect(imported.code, imported.stderr).toBe(0);

    // The `{}` tool: always allowed.
    for (let i = 0; i < 6; i++)
      expect(text(await claude.callTool({ name: 'echo', arguments: { message: `hi ${i}` } }))).toBe(
        `hi ${i}`,
      );

    // The capped tool: 3 a minute per client, then refused with the limit and when to retry.
    const write = (client: Client) => client.callTool({ name: 'write_note', arguments: { text: 'note' } });
    for (let i = 0; i < 3; i++) expect((await write(claude)).isError).toBeFalsy();
    const refused = await write(claude);
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /^\[POLICY DENIED\] Portcullis blocked "write_note" on server "notes": rate limit reached: at most 3 calls a minute per client; try again in \d+ s \(rule: tools\.write_note\.limits\[0\]\)\.$/,
    );
    // Cursor is another grant: its own three.
    for (let i = 0; i < 3; i++) expect((await write(cursor)).isError).toBeFalsy();
    expect((await write(cursor)).isError).toBe(true);

    // Any other tool: denied by the default.
    const other = await claude.callTool({ name: 'env', arguments: { name: 'HOME' } });
    expect(other.isError).toBe(true);
    expect(text(other)).toContain('(rule: default)');

    // Exported back unchanged, in the hosted format.
    const exported = await cli('policy', 'export', '--hosted');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(published);

    // Counts survive a restart of the gateway.
    await claude.close();
    await cursor.close();
    await gateway.stop();
    gateway = await startGateway(world, ['--port', String(new URL(gateway.dashboardUrl).port)]);
    await connectBoth();
    expect((await write(claude)).isError).toBe(true);
  });

  it('refuses an invalid policy with errors pointing into it, and keeps the active one', async () => {
    const before = (await cli('policy', 'export')).stdout;
    const bad = file('bad.json', {
      version: '1',
      default: 'sometimes',
      tools: {
        echo: { action: 'explode' },
        write_note: { limits: [{ window: 'minute', max: 'ten' }] },
        env: { when: { name: { regex: '(' } } },
      },
    });
    const result = await cli('policy', 'import', bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The policy was refused; the active policy (revision');
    expect(result.stderr).toMatch(/\/default: Invalid option/);
    expect(result.stderr).toMatch(/\/tools\/echo\/action: An action is allow, deny, approve, hide/);
    expect(result.stderr).toMatch(/\/tools\/write_note\/limits\/0\/max: /);
    expect(result.stderr).toMatch(/\/tools\/env\/when\/name\/regex: Not a valid regular expression/);
    expect((await cli('policy', 'export')).stdout).toBe(before);
    const check = await cli('policy', 'check', bad);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/4 problems/);
  });

  it('replays a draft against the recorded calls and lists the ones whose decision would change', async () => {
    const draft = file('draft.json', {
      version: '1',
      default: 'deny',
      tools: { echo: { action: 'deny', reason: 'quiet' }, write_note: {} },
    });
    const replayed = await cli('policy', 'replay', draft, '--days', '1', '--json');
    expect(replayed.code, replayed.stderr).toBe(0);
    const result = JSON.parse(replayed.stdout) as {
      examined: number;
      changed: { tool: string; recorded: { decision: string }; draft: { action: string; rule: string } }[];
    };
    expect(result.examined).toBe(16); // 6 echo, 4 + 4 write_note, 1 env, 1 write_note after the restart
    const echoes = result.changed.filter((c) => c.tool === 'echo');
    expect(echoes.length).toBeGreaterThanOrEqual(6);
    expect(
      echoes.every(
        (c) => c.recorded.decision === 'allow' && c.draft.action === 'deny' && c.draft.rule === 'tools.echo',
      ),
    ).toBe(true);
    // The write_note calls refused by the limit would now be allowed (the draft has no limit).
    expect(
      result.changed.some(
        (c) => c.tool === 'write_note' && c.recorded.decision === 'deny' && c.draft.action === 'allow',
      ),
    ).toBe(true);
    // Calls decided the same are not listed.
    expect(result.changed.some((c) => c.tool === 'env')).toBe(false);
  });

  it("runs a draft in shadow: the call is decided by the active policy and the draft's verdict is recorded", async () => {
    const draft = file('shadow.json', {
      version: '1',
      default: 'deny',
      tools: { echo: { action: 'approve' } },
    });
    expect((await cli('policy', 'draft', 'save', draft, '--shadow')).code).toBe(0);
    expect(text(await claude.callTool({ name: 'echo', arguments: { message: 'shadowed' } }))).toBe(
      'shadowed',
    );
    const rows = JSON.parse(
      (await cli('audit', '--format', 'json', '--tool', 'echo', '--limit', '1')).stdout,
    ) as AuditRow[];
    expect(rows[0]!.decision).toBe('allow');
    expect(JSON.parse(rows[0]!.shadow!)).toMatchObject({ action: 'approve', rule: 'tools.echo' });
    expect((await cli('policy', 'draft', 'discard')).code).toBe(0);
  });

  it('hides a tool from the listing, and tells a connected client when a policy change alters what it sees', async () => {
    let changes = 0;
    claude.setNotificationHandler(ToolListChangedNotificationSchema, () => void changes++);
    expect((await claude.listTools()).tools.map((t) => t.name)).toContain('env');
    const hide = file('hide.json', { version: '1', default: 'allow', tools: { env: { action: 'hide' } } });
    expect((await cli('policy', 'import', hide)).code).toBe(0);
    await waitFor(() => changes > 0, 'notifications/tools/list_changed');
    const names = (await claude.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('env');
    expect(names).toContain('echo');
    const call = await claude.callTool({ name: 'env', arguments: { name: 'HOME' } });
    expect(call.isError).toBe(true);
  });

  it('lists every tool seen with its risk and decision, and suggests a policy from them', async () => {
    const tools = JSON.parse((await cli('tools', '--json')).stdout) as SeenTool[];
    const byName = (name: string) => tools.find((t) => t.client === 'claude-desktop' && t.name === name)!;
    expect(byName('echo').classification).toMatchObject({ category: 'Read', risk: 'Low' });
    expect(byName('write_note').classification.category).toBe('Write');
    expect(byName('env').decision).toMatchObject({ action: 'deny', hidden: true, rule: 'tools.env' });

    expect(
      (await cli('tools', 'classify', 'notes', 'echo', '--category', 'Execute', '--risk', 'High')).code,
    ).toBe(0);
    const after = JSON.parse((await cli('tools', '--json')).stdout) as SeenTool[];
    expect(after.find((t) => t.name === 'echo')).toMatchObject({
      overridden: true,
      classification: { category: 'Execute', risk: 'High' },
    });

    const suggested = join(world.root, 'suggested.json');
    expect((await cli('policy', 'suggest', '--output', suggested)).code).toBe(0);
    expect((await cli('policy', 'check', suggested)).code).toBe(0);
    const document = JSON.parse((await cli('policy', 'suggest')).stdout) as {
      servers: { notes: { tools: Record<string, unknown> } };
    };
    expect(document.servers.notes.tools.echo).toEqual({ action: 'approve' });
    expect(document.servers.notes.tools.write_note).toEqual({
      limits: [{ window: 'minute', max: 30, scope: 'grant' }],
    });
  });

  it('shows a decision and the rule behind it with policy test', async () => {
    const scoped = file('scoped.json', {
      version: '1',
      default: 'deny',
      servers: { notes: { tools: { 'write_*': { limits: [{ window: 'hour', max: 5 }] } } } },
    });
    expect((await cli('policy', 'import', scoped)).code).toBe(0);
    const tested = await cli(
      'policy',
      'test',
      '--client',
      'cursor',
      '--server',
      'notes',
      '--tool',
      'write_note',
      '--json',
    );
    expect(JSON.parse(tested.stdout)).toMatchObject({
      action: 'allow',
      rule: 'servers.notes.tools.write_*',
      limits: [{ max: 5, used: 0 }],
    });
    const hosted = await cli('policy', 'export', '--hosted');
    expect(hosted.code).toBe(1);
    expect(hosted.stderr).toContain('/servers: "servers" has no equivalent in the hosted format.');
  });
});
