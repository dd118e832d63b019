import { describe, expect, it } from 'vitest';
import type { PolicyDocumentInput } from '../../../shared/policy';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';

function service(document: PolicyDocumentInput) {
  const store = openStore(':memory:');
  const now = { t: 1_000_000 };
  const policy = new PolicyService(store, () => now.t);
  policy.save(JSON.stringify(document), 'test');
  return policy;
}

const call = (tool: string, client = 'cursor', server = 'fs') => ({ client, server, tool, args: {} });

/** `toolPolicy`: what the Policies page shows in its action column, and the rule its editor opens. */
describe('the rule that governs a tool', () => {
  it('stays the rule’s own action while a limit is full, with how full it is', () => {
    const policy = service({
      version: '1',
      default: 'deny',
      tools: { write_file: { reason: 'capped', limits: [{ window: 'minute', max: 2, scope: 'grant' }] } },
    });
    for (let i = 0; i < 2; i++) policy.decide(call('write_file')).commit();
    expect(policy.decide(call('write_file')).decision).toMatchObject({
      action: 'deny',
      rule: 'tools.write_file.limits[0]',
    });
    const governing = policy.toolPolicy('cursor', 'fs', 'write_file');
    expect(governing).toMatchObject({
      action: 'allow',
      rule: 'tools.write_file',
      reason: 'capped',
      at: { kind: 'rule', tool: 'write_file' },
      limits: [{ rule: 'tools.write_file.limits[0]', used: 2, max: 2 }],
    });
    expect(governing.limits[0]!.retryAfterSeconds).toBeGreaterThan(0);
    // Another client has its own count.
    expect(policy.toolPolicy('claude-desktop', 'fs', 'write_file').limits[0]).toMatchObject({ used: 0 });
  });

  it('names the scope, the entry and the index, whatever dots the names hold', () => {
    const policy = service({
      version: '1',
      default: 'allow',
      tools: { 'read_*': { action: 'deny' } },
      servers: { 'my.fs': { tools: { 'read.file': [{ when: { path: '/x' } }, { action: 'approve' }] } } },
      clients: { cursor: { servers: { 'my.fs': { tools: { 'get-sum': { action: 'allow' } } } } } },
    });
    expect(policy.toolPolicy('cursor', 'my.fs', 'read.file')).toMatchObject({
      action: 'approve',
      rule: 'servers.my.fs.tools.read.file[1]',
      at: { kind: 'rule', server: 'my.fs', tool: 'read.file', index: 1 },
      conditional: 1,
    });
    expect(policy.toolPolicy('cursor', 'my.fs', 'get-sum').at).toEqual({
      kind: 'rule',
      client: 'cursor',
      server: 'my.fs',
      tool: 'get-sum',
    });
    expect(policy.toolPolicy('cursor', 'other', 'read_me').at).toEqual({ kind: 'rule', tool: 'read_*' });
    expect(policy.toolPolicy('cursor', 'other', 'write')).toMatchObject({
      action: 'allow',
      rule: 'default',
      at: { kind: 'default' },
    });
  });

  it('says hide for a tool the hide list names, and a scope’s default where it decides', () => {
    const policy = service({
      version: '1',
      default: 'allow',
      hide: ['debug_*'],
      servers: { github: { default: 'approve' } },
    });
    expect(policy.toolPolicy('cursor', 'fs', 'debug_dump')).toMatchObject({
      action: 'hide',
      rule: 'hide[0]',
      at: { kind: 'hide', index: 0 },
    });
    expect(policy.toolPolicy('cursor', 'github', 'merge')).toMatchObject({
      action: 'approve',
      rule: 'servers.github.default',
      at: { kind: 'default', server: 'github' },
    });
  });
});
