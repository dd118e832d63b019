import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../shared/approvals';
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
 * The shapes the hosted gateways' pages describe besides `limits` — a `rate_limit` block counted per
 * agent session, "require approval" as an action, a top-level `hide` list, empty `require` and
 * `deny_if` lists — imported with the CLI, enforced on real calls through the gateway, and exported
 * back in the hosted shape.
 */
describe('the hosted shapes through the gateway', () => {
  let world: World;
  let gateway: RunningGateway;
  const open: Client[] = [];

  const file = (name: string, document: unknown) => {
    const path = join(world.root, name);
    writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
    return path;
  };
  const cli = (...args: string[]) => runCli(world, args);
  const connect = async (config: string) => {
    const { client } = await connectEntry(readEntries(config).notes!, world);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    world = createWorld();
    const config = JSON.stringify({ mcpServers: { notes: { command: 'node', args: [fixtureServer] } } });
    writeFile(world.claudeConfigPath, config);
    writeFile(world.cursorConfigPath, config);
    gateway = await startGateway(world);
    expect((await cli('connect', 'claude-desktop', 'cursor')).code).toBe(0);
  });

  afterAll(async () => {
    for (const client of open) await client.close();
    await gateway.stop();
    world.cleanup();
  });

  const hosted = {
    version: '1',
    default: 'allow',
    hide: ['big'],
    tools: {
      echo: { rate_limit: { max: 2, window: 60 } },
      env: { action: 'require_approval', reason: 'Reading the environment needs a person' },
      write_note: { require: [], deny_if: [], limits: [{ window: 60, max: 5, scope: 'grant' }] },
    },
  };

  it('imports them unchanged and enforces each on real calls', async () => {
    const policy = file('hosted.json', hosted);
    const imported = await cli('policy', 'import', policy);
    expect(imported.code, imported.stderr).toBe(0);

    // rate_limit: 2 a minute, counted per agent session: a second session has its own two.
    const first = await connect(world.claudeConfigPath);
    const echo = (client: Client, message: string) =>
      client.callTool({ name: 'echo', arguments: { message } });
    expect(text(await echo(first, 'one'))).toBe('one');
    expect(text(await echo(first, 'two'))).toBe('two');
    const third = await echo(first, 'three');
    expect(third.isError).toBe(true);
    expect(text(third)).toMatch(
      /^\[POLICY DENIED\] Portcullis blocked "echo" on server "notes": rate limit reached: at most 2 calls a minute per session; try again in \d+ s \(rule: tools\.echo\.rate_limit\)\.$/,
    );
    const second = await connect(world.claudeConfigPath);
    expect(text(await echo(second, 'again'))).toBe('again');
    const cursor = await connect(world.cursorConfigPath);
    expect(text(await echo(cursor, 'cursor too'))).toBe('cursor too');

    // hide: left out of the listing, and denied by the list entry that names it.
    const names = (await first.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain('big');
    expect(names).toContain('echo');
    const big = await first.callTool({ name: 'big', arguments: { bytes: 10 } });
    expect(big.isError).toBe(true);
    expect(text(big)).toContain('(rule: hide[0])');

    // Empty require / deny_if: no conditions; the limit still counts.
    expect((await first.callTool({ name: 'write_note', arguments: { text: 'kept' } })).isError).toBeFalsy();

    // require_approval: the call waits for the person, here answered from the command line.
    const asked = first.callTool({ name: 'env', arguments: { name: 'HOME' } });
    const approval = await waitFor(async () => {
      const listed = await cli('approvals', '--json');
      return (JSON.parse(listed.stdout) as Approval[]).find((a) => a.tool === 'env');
    }, 'the env call to wait for approval');
    expect(approval.rule).toBe('tools.env');
    expect(approval.reason).toBe('Reading the environment needs a person');
    const denied = await cli('approvals', 'deny', approval.id, '--reason', 'not today');
    expect(denied.code, denied.stderr).toBe(0);
    const answer = await asked;
    expect(answer.isError).toBe(true);
    expect(text(answer)).toContain('not today');
  });

  it('exports the policy back in the hosted shape, approval written the hosted way', async () => {
    const exported = await cli('policy', 'export', '--hosted');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(hosted);

    // Our word for it, `approve`, goes out as `require_approval`; nothing else changes.
    const ours = { ...hosted, tools: { ...hosted.tools, env: { action: 'approve', reason: 'Ask' } } };
    expect((await cli('policy', 'import', file('ours.json', ours))).code).toBe(0);
    const converted = await cli('policy', 'export', '--hosted');
    expect(converted.code, converted.stderr).toBe(0);
    expect(JSON.parse(converted.stdout)).toEqual({
      ...ours,
      tools: { ...ours.tools, env: { action: 'require_approval', reason: 'Ask' } },
    });
    // The Portcullis export keeps the text as saved.
    expect(JSON.parse((await cli('policy', 'export')).stdout)).toEqual(ours);
  });

  it('refuses, with words, what it cannot read exactly', async () => {
    const unsure = file('unsure.json', {
      version: '1',
      default: 'deny',
      tools: {
        pay: { action: 'needs_approval' },
        refund: { require: [{ reason: { exists: true } }] },
        echo: { rate_limit: { max: 2, window: 60, scope: 'grant' } },
      },
    });
    const result = await cli('policy', 'import', unsure);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      '/tools/pay/action: An action is allow, deny, approve, hide (or, for approve, the hosted spellings require_approval, requires_approval, approval_required, approval).',
    );
    expect(result.stderr).toContain('/tools/refund/require: A list of conditions is only accepted empty');
    expect(result.stderr).toContain('/tools/echo/rate_limit/scope: Unknown key "scope"');
  });
});
