import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/approvals';
import type { AuditRow } from '../../shared/audit';
import { everythingServer } from '../helpers/paths';
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
 * Approvals answered from the terminal, through the real server-everything: a call under an
 * `approve` rule waits, `approvals --json` lists it, and `approvals allow|deny` decides it.
 */
describe('approvals from the terminal', () => {
  let world: World;
  let gateway: RunningGateway;
  let client: Client;

  const cli = (...args: string[]) => runCli(world, args);
  const waiting = async () => JSON.parse((await cli('approvals', '--json')).stdout) as Approval[];
  const nextWaiting = (tool: string) =>
    waitFor(async () => (await waiting()).find((a) => a.tool === tool), `a waiting ${tool} call`);

  beforeAll(async () => {
    world = createWorld();
    // A short deadline so the "no answer" case does not take two minutes.
    mkdirSync(world.dataDir, { recursive: true });
    writeFileSync(join(world.dataDir, 'settings.json'), JSON.stringify({ approvalTimeoutSeconds: 5 }));
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { everything: { command: 'node', args: [everythingServer] } } }),
    );
    gateway = await startGateway(world);
    expect((await cli('connect', 'claude-desktop')).code).toBe(0);
    const policy = join(world.root, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        version: '1',
        default: 'allow',
        tools: {
          'get-sum': { action: 'approve', reason: 'sums need a person' },
          echo: { action: 'approve' },
        },
      }),
    );
    expect((await cli('policy', 'import', policy)).code).toBe(0);
    client = (await connectEntry(readEntries(world.claudeConfigPath).everything!, world)).client;
  });

  afterAll(async () => {
    await client?.close();
    await gateway.stop();
    world.cleanup();
  });

  it('holds the call, lists it, and delivers the real result once allowed', async () => {
    const call = client.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } });
    const approval = await nextWaiting('get-sum');
    expect(approval).toMatchObject({
      client: 'claude-desktop',
      askedBy: 'integration-test 1.0.0',
      server: 'everything',
      args: '{"a":2,"b":40}',
      rule: 'tools.get-sum',
      reason: 'sums need a person',
      risk: { category: 'Read' },
    });
    expect(approval.deadline - approval.requestedAt).toBe(5000);
    const status = JSON.parse((await cli('status', '--json')).stdout) as { pendingApprovals: number };
    expect(status.pendingApprovals).toBe(1);

    const allowed = await cli('approvals', 'allow', approval.id);
    expect(allowed.code, allowed.stderr).toBe(0);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('42');
    const row = (
      JSON.parse((await cli('audit', '--format', 'json', '--tool', 'get-sum')).stdout) as AuditRow[]
    ).at(-1)!;
    expect(row).toMatchObject({
      decision: 'approve',
      isError: false,
      outcome: 'approved',
      approver: 'cli',
      scope: 'once',
      reason: 'allowed once',
    });
    const admin = JSON.parse(
      (await cli('audit', '--format', 'json', '--kind', 'admin', '--limit', '5')).stdout,
    ) as AuditRow[];
    expect(admin.find((r) => r.event === 'approval.answered')?.detail).toBe(
      `allowed everything/get-sum (call ${approval.callId}) once, from the cli`,
    );
  });

  it('denies with the reason given, as a tool error the agent can read', async () => {
    const call = client.callTool({ name: 'get-sum', arguments: { a: 1, b: 1 } });
    const approval = await nextWaiting('get-sum');
    expect((await cli('approvals', 'deny', approval.id, '--reason', 'not now, please')).code).toBe(0);
    const result = await call;
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      '[POLICY DENIED] Portcullis blocked "get-sum" on server "everything": not now, please (rule: tools.get-sum).',
    );
  });

  it('denies a call nobody answers when the deadline passes', async () => {
    const started = Date.now();
    const result = await client.callTool({ name: 'get-sum', arguments: { a: 3, b: 3 } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('not approved in time');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
    expect(await waiting()).toEqual([]);
  });

  it('"always" adds a rule, so the next identical call goes through without asking', async () => {
    const first = client.callTool({ name: 'echo', arguments: { message: 'once more' } });
    const approval = await nextWaiting('echo');
    expect((await cli('approvals', 'allow', approval.id, '--scope', 'always')).code).toBe(0);
    expect(text(await first)).toBe('Echo: once more');
    expect(text(await client.callTool({ name: 'echo', arguments: { message: 'once more' } }))).toBe(
      'Echo: once more',
    );
    expect(await waiting()).toEqual([]);
    const tested = JSON.parse(
      (
        await cli(
          'policy',
          'test',
          '--client',
          'claude-desktop',
          '--server',
          'everything',
          '--tool',
          'echo',
          '--json',
        )
      ).stdout,
    ) as {
      action: string;
      rule: string;
    };
    expect(tested).toMatchObject({
      action: 'allow',
      rule: 'clients.claude-desktop.servers.everything.tools.echo',
    });
    const revisions = await cli('policy', 'revisions');
    expect(revisions.stdout).toContain('always allow claude-desktop/everything/echo');
  });

  it('withdraws the approval when the client cancels the call', async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: 'get-sum', arguments: { a: 5, b: 5 } }, undefined, {
      signal: controller.signal,
    });
    await nextWaiting('get-sum');
    controller.abort('changed my mind');
    await expect(call).rejects.toThrow();
    await waitFor(async () => (await waiting()).length === 0, 'the approval to be withdrawn');
    const row = await waitFor(async () => {
      const rows = JSON.parse(
        (await cli('audit', '--format', 'json', '--tool', 'get-sum')).stdout,
      ) as AuditRow[];
      return rows.find((r) => r.error?.startsWith('withdrawn while waiting for approval'));
    }, 'the withdrawn row');
    expect(row).toMatchObject({
      outcome: 'withdrawn',
      error: 'withdrawn while waiting for approval: the client cancelled the call',
    });
  });

  it('lets everything through while paused (audited), and decides by policy again after resume', async () => {
    const paused = await cli('pause', '--minutes', '1');
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toContain('PAUSED');
    expect(text(await client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }))).toContain('3');
    const rows = JSON.parse((await cli('audit', '--format', 'json', '--limit', '3')).stdout) as AuditRow[];
    expect(rows.some((r) => r.event === 'protection.paused')).toBe(true);
    expect(rows.filter((r) => r.tool === 'get-sum').at(-1)).toMatchObject({
      decision: 'allow',
      rule: 'paused',
    });
    expect((await cli('resume')).code).toBe(0);
    const held = client.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } });
    const approval = await nextWaiting('get-sum');
    await cli('approvals', 'deny', approval.id);
    expect((await held).isError).toBe(true);
  });
});
