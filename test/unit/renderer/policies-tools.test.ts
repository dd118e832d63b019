import { describe, expect, it } from 'vitest';
import type { SeenTool } from '../../../shared/tools';
import type { PolicyDecision, ToolPolicy } from '../../../shared/policy';
import {
  decisionKind,
  governingRules,
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
    policy: defaultPolicy,
    ...overrides,
  };
}

const defaultPolicy: ToolPolicy = {
  action: 'allow',
  rule: 'default',
  at: { kind: 'default' },
  conditional: 0,
  limits: [],
};

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

  it('merges clients governed by the same rule, and keeps the rule apart from a full limit', () => {
    const capped: ToolPolicy = {
      action: 'allow',
      rule: 'tools.echo',
      at: { kind: 'rule', tool: 'echo' },
      conditional: 0,
      limits: [
        { rule: 'tools.echo.limits[0]', counter: 'c', scope: 'grant', max: 2, windowSeconds: 60, used: 2 },
      ],
    };
    const allowed: PolicyDecision = { action: 'allow', rule: 'tools.echo' };
    const full: PolicyDecision = { action: 'deny', rule: 'tools.echo.limits[0]' };
    const denyAtClient: ToolPolicy = {
      action: 'deny',
      rule: 'clients.cursor.tools.echo',
      at: { kind: 'rule', client: 'cursor', tool: 'echo' },
      conditional: 0,
      limits: [],
    };
    const groups = governingRules({
      decisions: [
        { client: 'a', decision: allowed, policy: capped },
        { client: 'cursor', decision: { action: 'deny', rule: denyAtClient.rule }, policy: denyAtClient },
        { client: 'b', decision: { ...allowed }, policy: capped },
        { client: 'c', decision: full, policy: capped },
      ],
    });
    expect(groups.map((g) => [g.clients, g.policy.action, g.decision.action])).toEqual([
      [['a', 'b'], 'allow', 'allow'],
      [['cursor'], 'deny', 'deny'],
      // Over its limit: still the allow rule, decided "deny" only for now.
      [['c'], 'allow', 'deny'],
    ]);
  });
});
