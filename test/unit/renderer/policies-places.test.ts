import { describe, expect, it } from 'vitest';
import { issueFields } from '../../../renderer/src/features/policies/issue-fields';
import { fullness, limitText } from '../../../renderer/src/features/policies/limit-text';
import { narrowerChoices, triedBefore } from '../../../renderer/src/features/policies/places';
import { groupReplay } from '../../../renderer/src/features/policies/replay-groups';
import { ruleToForm } from '../../../renderer/src/features/policies/rule-form';

describe('where a narrower rule can go', () => {
  it('offers only places met before the rule that governs, in the engine’s order', () => {
    const top = { kind: 'rule', tool: 'echo' } as const;
    expect(narrowerChoices('echo', 'fs', ['cursor'], top).map((c) => c.place)).toEqual([
      { server: 'fs', tool: 'echo' },
      { client: 'cursor', server: 'fs', tool: 'echo' },
      { client: 'cursor', tool: 'echo' },
    ]);
    // A server rule is met before a client-wide one, so only the client's server is narrower.
    const server = { kind: 'rule', server: 'fs', tool: 'echo' } as const;
    expect(narrowerChoices('echo', 'fs', ['cursor'], server).map((c) => c.place)).toEqual([
      { client: 'cursor', server: 'fs', tool: 'echo' },
    ]);
    // Within a scope the exact name beats a pattern; every rule beats a default; nothing beats hide.
    expect(triedBefore({ tool: 'get-sum' }, { kind: 'rule', tool: 'get-*' })).toBe(true);
    expect(triedBefore({ tool: 'get-sum' }, { kind: 'rule', tool: 'get-sum' })).toBe(false);
    expect(triedBefore({ tool: 'x' }, { kind: 'default', server: 'fs' })).toBe(true);
    expect(narrowerChoices('x', 'fs', ['a'], { kind: 'hide', index: 0 })).toEqual([]);
  });
});

describe('the replay preview’s groups', () => {
  const change = (id: number, tool: string, ts: number, argsIncomplete = false) => ({
    id,
    ts,
    client: id % 2 ? 'cursor' : 'claude',
    server: 'fs',
    tool,
    recorded: { decision: 'allow', rule: 'default' },
    draft: { action: 'deny' as const, rule: `tools.${tool}` },
    argsIncomplete,
  });

  it('counts calls per tool and change, the newest group first, calls newest first', () => {
    const groups = groupReplay([
      change(1, 'a', 10),
      change(2, 'b', 20),
      change(3, 'a', 30, true),
      change(4, 'b', 5),
    ]);
    expect(groups.map((g) => [g.tool, g.count, g.newest, g.incomplete, g.clients])).toEqual([
      ['a', 2, 30, 1, ['cursor']],
      ['b', 2, 20, 0, ['claude']],
    ]);
    expect(groups[0]!.calls.map((c) => c.id)).toEqual([3, 1]);
  });
});

describe('engine issues in the form', () => {
  it('puts a refused pattern on its row, and lists other issues of the entry only', () => {
    const converted = ruleToForm({ when: { q: { regex: '(?=x)' } }, reason: 'r' });
    if (!converted.ok) throw new Error(converted.reason);
    const result = issueFields(
      [
        { pointer: '/servers/fs/tools/query/when/q/regex', message: 'lookahead is not supported' },
        { pointer: '/servers/fs/tools/query/reason', message: 'too long' },
        { pointer: '/tools/other', message: 'not ours' },
      ],
      { server: 'fs', tool: 'query' },
      [converted.form],
    );
    expect(result.fields).toEqual([
      { field: 'rules.0.conditions.0.value', message: 'lookahead is not supported' },
    ]);
    expect(result.other.map((i) => i.message)).toEqual(['too long']);
  });
});

describe('limits in words', () => {
  it('says the window and scope, and how full only where one count says it', () => {
    const limit = { rule: 'r', counter: 'c', max: 30, windowSeconds: 60, used: 30, scope: 'grant' } as const;
    expect(limitText(limit)).toBe('30 a minute per client');
    expect(limitText({ ...limit, windowSeconds: 3600 })).toBe('30 an hour per client');
    expect(limitText({ ...limit, windowSeconds: 90, scope: 'global' })).toBe('30 per 90 s in total');
    expect(fullness(limit)).toEqual({ used: 30, full: true });
    expect(fullness({ ...limit, scope: 'session' })).toBeUndefined();
  });
});
