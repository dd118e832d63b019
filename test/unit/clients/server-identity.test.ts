import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClientsService } from '../../../main/clients';
import { groupServers } from '../../../main/clients/server-groups';
import { policyNames, serverIdentity } from '../../../main/clients/server-identity';
import { compilePolicy } from '../../../main/policy/compile';
import { evaluate } from '../../../main/policy/evaluate';
import { parsePolicy } from '../../../main/policy/parse';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';
import type { ServerDefinition } from '../../../shared/servers';
import { makeFixture, removeFixture, SHIM } from './fixture';

const github = (client: string, name: string): ServerDefinition => ({
  client,
  name,
  transport: 'stdio',
  command: 'npx',
  args: ['-y', '@modelcontextprotocol/server-github'],
  envKeys: ['GITHUB_TOKEN'],
  headerKeys: [],
});

/** A store with registrations made in this order, one clock tick apart. */
function registry(...definitions: ServerDefinition[]) {
  let now = 1000;
  const store = openStore(':memory:', { now: () => now });
  for (const definition of definitions) {
    store.servers.register([definition]);
    now += 1000;
  }
  return store;
}

describe('one server, several clients', () => {
  it('is one identity: the same command and arguments under any key, named by its first registration', () => {
    const store = registry(
      github('claude-desktop', 'github'),
      github('cursor', 'gh'),
      { ...github('vscode', 'github'), envKeys: ['OTHER_TOKEN'] },
      { ...github('cline', 'github'), args: ['-y', '@modelcontextprotocol/server-github@1.2.0'] },
    );
    const list = store.servers.list();
    const fromCursor = serverIdentity(list, 'cursor', 'gh')!;
    expect(fromCursor.name).toBe('github');
    expect(fromCursor.names).toEqual(['github', 'gh']);
    expect(fromCursor.uses).toEqual([
      { client: 'claude-desktop', key: 'github' },
      { client: 'cursor', key: 'gh' },
      { client: 'vscode', key: 'github' },
    ]);
    expect(serverIdentity(list, 'claude-desktop', 'github')).toEqual(fromCursor);
    // Another version of the package is another server, even under the same key.
    const pinned = serverIdentity(list, 'cline', 'github')!;
    expect(pinned.id).not.toBe(fromCursor.id);
    expect(pinned.uses).toEqual([{ client: 'cline', key: 'github' }]);
    expect(serverIdentity(list, 'cursor', 'nothing')).toBeUndefined();
  });

  it('keeps its name when a client registers it later under another key', () => {
    const store = registry(github('cursor', 'gh'));
    expect(serverIdentity(store.servers.list(), 'cursor', 'gh')!.name).toBe('gh');
    store.servers.register([github('claude-desktop', 'github')]);
    expect(serverIdentity(store.servers.list(), 'claude-desktop', 'github')!.name).toBe('gh');
  });

  it('policy names: a client key or the server name both resolve to the name first, then the others', () => {
    const list = registry(github('claude-desktop', 'github'), github('cursor', 'gh')).servers.list();
    expect(policyNames(list, 'cursor', 'gh')).toEqual({ name: 'github', aliases: ['gh'] });
    expect(policyNames(list, 'cursor', 'github')).toEqual({ name: 'github', aliases: ['gh'] });
    expect(policyNames(list, 'cursor', 'unknown')).toEqual({ name: 'unknown', aliases: [] });
  });
});

describe('policy scopes of a server with several names', () => {
  const policy = compilePolicy(
    (() => {
      const parsed = parsePolicy(
        JSON.stringify({
          version: '1',
          default: 'allow',
          servers: {
            // Written for Cursor's key before the server was one server: it keeps applying.
            gh: { tools: { delete_repo: { action: 'deny', reason: 'not from agents' } } },
            github: { tools: { create_issue: { action: 'approve' } } },
          },
          clients: { cursor: { servers: { gh: { tools: { create_issue: { action: 'deny' } } } } } },
        }),
      );
      if (!parsed.ok) throw new Error('bad test policy');
      return parsed.document;
    })(),
  );
  const decide = (client: string, tool: string) =>
    evaluate(policy, { client, server: 'github', serverAliases: ['gh'], tool, args: {} }).decision;

  it('a rule under any of its names applies to every client that uses it', () => {
    expect(decide('claude-desktop', 'delete_repo')).toMatchObject({
      action: 'deny',
      rule: 'servers.gh.tools.delete_repo',
    });
    expect(decide('claude-desktop', 'create_issue')).toMatchObject({
      action: 'approve',
      rule: 'servers.github.tools.create_issue',
    });
  });

  it('the client-specific scope under any name still comes before the server scopes', () => {
    expect(decide('cursor', 'create_issue')).toMatchObject({
      action: 'deny',
      rule: 'clients.cursor.servers.gh.tools.create_issue',
    });
  });

  it('without aliases the other name does not apply (the test can fail)', () => {
    const alone = evaluate(policy, {
      client: 'claude-desktop',
      server: 'github',
      tool: 'delete_repo',
      args: {},
    });
    expect(alone.decision.action).toBe('allow');
  });

  it('the policy service resolves names for calls that do not bring them (policy test, approvals)', () => {
    const store = registry(github('claude-desktop', 'github'), github('cursor', 'gh'));
    const service = new PolicyService(store);
    service.save(
      JSON.stringify({
        version: '1',
        default: 'allow',
        servers: { gh: { tools: { delete_repo: { action: 'deny' } } } },
      }),
      'test',
    );
    expect(
      service.test({ client: 'claude-desktop', server: 'github', tool: 'delete_repo', args: {} }).action,
    ).toBe('allow');
    service.useServerNames((client, server) => {
      const list = store.servers.list();
      const names = serverIdentity(list, client, server);
      return names ? { name: names.name, aliases: names.names.slice(1) } : { name: server, aliases: [] };
    });
    expect(
      service.test({ client: 'claude-desktop', server: 'github', tool: 'delete_repo', args: {} }),
    ).toMatchObject({
      action: 'deny',
      rule: 'servers.gh.tools.delete_repo',
    });
  });
});

describe('the servers view', () => {
  it('lists a server once with every client that uses it, protected or not, named as sessions name it', async () => {
    const fixture = makeFixture();
    try {
      const store = registry();
      const service = createClientsService({
        host: fixture.host,
        backupsDir: fixture.backupsDir,
        shim: SHIM,
        registry: store.servers,
      });
      const entry = { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] };
      fixture.writeCursor(
        JSON.stringify({ mcpServers: { gh: entry, time: { command: 'uvx', args: ['mcp-server-time'] } } }),
      );
      const claude = path.join(fixture.home, '.config', 'Claude', 'claude_desktop_config.json');
      fs.mkdirSync(path.dirname(claude), { recursive: true });
      fs.writeFileSync(claude, JSON.stringify({ mcpServers: { github: entry } }));
      await service.connect('cursor', { servers: ['gh'] });
      await service.connect('claude-desktop');

      const groups = groupServers(await service.list(), store.servers.list());

      expect(groups.map((g) => [g.name, g.names, g.uses.map((u) => [u.client, u.key, u.state])])).toEqual([
        [
          'gh',
          ['gh', 'github'],
          [
            ['claude-desktop', 'github', 'protected'],
            ['cursor', 'gh', 'protected'],
          ],
        ],
        ['time', ['time'], [['cursor', 'time', 'unprotected']]],
      ]);
      expect(groups[0]).toMatchObject({ transport: 'stdio', command: 'npx', args: entry.args });
    } finally {
      removeFixture(fixture);
    }
  });
});
