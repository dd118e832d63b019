import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/approvals';
import type { PolicyDocumentInput } from '../../shared/policy';
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

const ENTRY = 'clients.claude-desktop.servers.everything.tools.echo';

/**
 * "Always allow" and "Allow for this session" grant exactly what the rule that asked covered,
 * through the real gateway, the real server-everything and the CLI: the rule keeps its condition,
 * its deny_if and its limit, and a deny for other arguments still decides first.
 */
const POLICY: PolicyDocumentInput = {
  version: '1',
  default: 'allow',
  tools: {
    echo: [
      {
        action: 'approve',
        reason: 'echoes need a person',
        when: { message: { prefix: 's' } },
        deny_if: { message: { regex: 'rm -rf' } },
        limits: [{ window: 'minute', max: 3 }],
      },
      { action: 'deny', reason: 'only words with s' },
    ],
    'get-sum': [
      {
        action: 'approve',
        when: { a: { lt: 10 } },
        limits: [{ window: 'minute', max: 2, on_exceed: 'approve' }],
      },
      { action: 'approve', reason: 'big sums' },
    ],
  },
  // Decided before the top-level rules: no "always allow" of the rule below may outrank it.
  servers: {
    everything: {
      tools: { echo: { action: 'deny', reason: 'no secrets', when: { message: { prefix: 'secret' } } } },
    },
  },
};

describe('grants through the gateway', () => {
  let world: World;
  let gateway: RunningGateway;
  let client: Client;

  const cli = (...args: string[]) => runCli(world, args);
  const waiting = async () => JSON.parse((await cli('approvals', '--json')).stdout) as Approval[];
  const nextWaiting = (tool: string) =>
    waitFor(async () => (await waiting()).find((a) => a.tool === tool), `a waiting ${tool} call`);
  const echo = (message: string) => client.callTool({ name: 'echo', arguments: { message } });
  const sum = (a: number) => client.callTool({ name: 'get-sum', arguments: { a, b: 1 } });

  beforeAll(async () => {
    world = createWorld();
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { everything: { command: 'node', args: [everythingServer] } } }),
    );
    gateway = await startGateway(world);
    expect((await cli('connect', 'claude-desktop')).code).toBe(0);
    const policy = join(world.root, 'policy.json');
    writeFileSync(policy, JSON.stringify(POLICY));
    expect((await cli('policy', 'import', policy)).code).toBe(0);
    client = (await connectEntry(readEntries(world.claudeConfigPath).everything!, world)).client;
  });

  afterAll(async () => {
    await client?.close();
    await gateway.stop();
    world.cleanup();
  });

  it('"always" writes the shown rule: same condition, deny_if and limit, after the deny for other arguments', async () => {
    const first = echo('say hi');
    const approval = await nextWaiting('echo');
    expect(approval.rule).toBe('tools.echo[0]');
    const shown = approval.grants.always;
    expect(shown).toEqual({
      offered: true,
      revision: 1,
      path: ENTRY,
      entry: [
        { action: 'deny', reason: 'no secrets', when: { message: { prefix: 'secret' } } },
        {
          action: 'allow',
          reason: 'echoes need a person',
          when: { message: { prefix: 's' } },
          deny_if: { message: { regex: 'rm -rf' } },
          limits: [
            {
              counter: 'tools.echo[0].limits[0]',
              window: 'minute',
              max: 3,
              scope: 'grant',
              on_exceed: 'deny',
            },
          ],
        },
      ],
      kept: ['servers.everything.tools.echo'],
    });
    // The terminal says the same before the answer.
    const listed = await cli('approvals');
    expect(listed.stdout).toContain(`allow --scope always    writes ${ENTRY}: [{"action":"deny"`);
    expect(listed.stdout).toContain(
      'after copies of servers.everything.tools.echo, which decide some echo calls first',
    );

    const answered = await cli('approvals', 'allow', approval.id, '--scope', 'always');
    expect(answered.code, answered.stderr).toBe(0);
    expect(answered.stdout).toContain(`wrote policy revision 2: ${ENTRY}: [`);
    expect(text(await first)).toBe('Echo: say hi');

    // The revision holds exactly the entry that was shown, and the rest as it was.
    const exported = JSON.parse((await cli('policy', 'export')).stdout) as {
      clients: unknown;
      tools: unknown;
      servers: unknown;
    };
    expect(exported.clients).toEqual({
      'claude-desktop': { servers: { everything: { tools: { echo: shown.offered && shown.entry } } } },
    });
    expect(exported.tools).toEqual(JSON.parse(JSON.stringify(POLICY.tools)));

    // The same call goes through without asking; other arguments are still denied, by the same rules.
    expect(text(await echo('say hi'))).toBe('Echo: say hi');
    expect(text(await echo('secret plans'))).toContain('no secrets');
    expect(text(await echo('say rm -rf /'))).toContain(`rule: ${ENTRY}[1].deny_if`);
    expect(text(await echo('hello'))).toContain('only words with s (rule: tools.echo[1])');
    // And the limit still counts, with the calls allowed before: 3 a minute.
    expect(text(await echo('say three'))).toBe('Echo: say three');
    const limited = await echo('say four');
    expect(limited.isError).toBe(true);
    expect(text(limited)).toContain('rate limit reached: at most 3 calls a minute per client');
    expect(await waiting()).toEqual([]);
  });

  it('"session" covers what the same rule asks about; a limit that asks offers neither grant', async () => {
    const first = sum(1);
    const asked = await nextWaiting('get-sum');
    expect(asked.rule).toBe('tools.get-sum[0]');
    expect(asked.grants.session).toMatchObject({
      offered: true,
      covers: expect.stringContaining(
        'that tools.get-sum[0] sends for approval (arguments matching {"a":{"lt":10}})',
      ),
    });
    expect((await cli('approvals', 'allow', asked.id, '--scope', 'session')).code).toBe(0);
    expect(text(await first)).toBe('The sum of 1 and 1 is 2.');
    // Covered: the same rule asks, in the same session.
    expect(text(await sum(2))).toBe('The sum of 2 and 1 is 3.');

    // Over the rule's limit (2 a minute, then ask): the limit asks, and only "once" is offered.
    const third = sum(3);
    const limited = await nextWaiting('get-sum');
    expect(limited.rule).toBe('tools.get-sum[0].limits[0]');
    expect(limited.grants.always).toMatchObject({
      offered: false,
      why: expect.stringContaining('the limit stays'),
    });
    const refused = await cli('approvals', 'allow', limited.id, '--scope', 'session');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      '"Allow for this session" is not offered for this call: A rate limit sent this call',
    );
    const listed = await cli('approvals');
    expect(listed.stdout).toContain('allow --scope always    not offered: A rate limit sent this call');
    expect((await cli('approvals', 'allow', limited.id)).code).toBe(0);
    expect(text(await third)).toBe('The sum of 3 and 1 is 4.');

    // Another rule asks about big sums: the session grant does not cover it.
    const big = sum(20);
    const other = await nextWaiting('get-sum');
    expect(other).toMatchObject({ rule: 'tools.get-sum[1]', reason: 'big sums' });
    expect((await cli('approvals', 'deny', other.id)).code).toBe(0);
    expect((await big).isError).toBe(true);
  });
});
