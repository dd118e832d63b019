import { describe, expect, it } from 'vitest';
import type { SeenTool } from '../../../shared/tools';
import {
  clientsOverriding,
  decisionKind,
  distinctDecisions,
  groupToolsByServer,
} from '../../../renderer/src/features/policies/tool-groups';

const read = { category: 'Read', risk: 'Low', reason: 'read-only hint' } as const;

function seen(overrides: Partial<SeenTool> & Pick<SeenTool, 'name'>): SeenTool {
  return {
    client: 'claude-desktop',
    server: 'everything',
    firstSeen: 1,
    lastSeen: 1,
    classification: read,
    automatic: read,
    overridden: false,
    decision: { action: 'allow', rule: 'default' },
    ...overrides,
  };
}

describe('groupToolsByServer', () => {
  it('groups by server and tool, sorted, listing the clients of each server', () => {
    const groups = groupToolsByServer([
      seen({ name: 'echo', client: 'cursor' }),
      seen({ name: 'add' }),
      seen({ name: 'echo' }),
      seen({ name: 'get_issue', server: 'github', client: 'cursor' }),
    ]);
    expect(groups.map((g) => [g.server, g.clients, g.tools.map((t) => t.name)])).toEqual([
      ['everything', ['claude-desktop', 'cursor'], ['add', 'echo']],
      ['github', ['cursor'], ['get_issue']],
    ]);
    expect(groups[0]!.tools[1]!.decisions.map((d) => d.client)).toEqual(['claude-desktop', 'cursor']);
  });

  it('describes a tool by its newest listing', () => {
    const [group] = groupToolsByServer([
      seen({ name: 'echo', description: 'new', lastSeen: 5 }),
      seen({ name: 'echo', client: 'cursor', description: 'old', lastSeen: 2 }),
    ]);
    expect(group!.tools[0]!.description).toBe('new');
    const [again] = groupToolsByServer([
      seen({ name: 'echo', client: 'cursor', description: 'old', lastSeen: 2 }),
      seen({ name: 'echo', description: 'new', lastSeen: 5 }),
    ]);
    expect(again!.tools[0]!.description).toBe('new');
  });

  it('gives nothing for nothing', () => {
    expect(groupToolsByServer([])).toEqual([]);
  });
});

describe('decisions', () => {
  it('names hidden tools apart from denied ones', () => {
    expect(decisionKind({ action: 'deny', hidden: true })).toBe('hidden');
    expect(decisionKind({ action: 'deny' })).toBe('deny');
    expect(decisionKind({ action: 'approve' })).toBe('approve');
  });

  it('merges clients that are decided alike', () => {
    const denied = { action: 'deny' as const, rule: 'clients.cursor.tools.echo' };
    const allowed = { action: 'allow' as const, rule: 'default' };
    expect(
      distinctDecisions({
        decisions: [
          { client: 'a', decision: allowed },
          { client: 'cursor', decision: denied },
          { client: 'b', decision: { ...allowed } },
        ],
      }),
    ).toEqual([
      { clients: ['a', 'b'], decision: allowed },
      { clients: ['cursor'], decision: denied },
    ]);
  });

  it('finds clients whose own rule for this server comes before the server rule', () => {
    const summary = {
      server: 'everything',
      decisions: [
        {
          client: 'cursor',
          decision: { action: 'deny' as const, rule: 'clients.cursor.servers.everything.tools.echo' },
        },
        {
          client: 'claude',
          decision: { action: 'deny' as const, rule: 'clients.claude.servers.everything.default' },
        },
        { client: 'other', decision: { action: 'deny' as const, rule: 'clients.other.tools.echo' } },
      ],
    };
    expect(clientsOverriding(summary)).toEqual(['cursor']);
  });
});
