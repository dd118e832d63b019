import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../main/policy/evaluate';
import { parsePolicy } from '../../../main/policy/parse';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';

const call = { client: 'cursor', server: 'fs', tool: 'read_file', args: {} };

describe('parsePolicy', () => {
  it('accepts the published minimal shape', () => {
    const parsed = parsePolicy('{ "version": "1", "default": "deny", "tools": { "get_ticket": {} } }');
    expect(parsed).toEqual({
      ok: true,
      document: { version: '1', default: 'deny', tools: { get_ticket: {} } },
    });
  });

  it('points at each problem by JSON pointer', () => {
    const parsed = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'maybe',
        tools: { 'a/b': { action: 'explode' }, c: { why: 1 } },
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const pointers = parsed.issues.map((i) => i.pointer);
    expect(pointers).toContain('/default');
    expect(pointers).toContain('/tools/a~1b/action');
    expect(pointers).toContain('/tools/c/why');
    expect(parsed.issues.find((i) => i.pointer === '/tools/c/why')!.message).toMatch(/Unknown key "why"/);
  });

  it('reports a syntax error with line and column', () => {
    const parsed = parsePolicy('{\n  "version": "1",\n  "default": deny\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.message).toMatch(/line 3, column 14/);
  });
});

describe('evaluate', () => {
  it('names the rule that decided', () => {
    const doc = {
      version: '1' as const,
      default: 'deny' as const,
      tools: { read_file: {}, exec: { action: 'deny' as const, reason: 'No shell from agents' } },
    };
    expect(evaluate(doc, call)).toEqual({ action: 'allow', rule: 'tools.read_file' });
    expect(evaluate(doc, { ...call, tool: 'exec' })).toEqual({
      action: 'deny',
      rule: 'tools.exec',
      reason: 'No shell from agents',
    });
    expect(evaluate(doc, { ...call, tool: 'other' })).toEqual({ action: 'deny', rule: 'default' });
  });

  it('does not treat inherited object keys as rules', () => {
    const doc = { version: '1' as const, default: 'deny' as const, tools: {} };
    expect(evaluate(doc, { ...call, tool: 'constructor' })).toEqual({ action: 'deny', rule: 'default' });
    expect(evaluate(doc, { ...call, tool: '__proto__' })).toEqual({ action: 'deny', rule: 'default' });
  });
});

describe('PolicyService', () => {
  it('starts allowing everything, saves revisions, and refuses a bad document keeping the active one', () => {
    const store = openStore(':memory:');
    const service = new PolicyService(store);
    expect(service.current().revision).toBe(0);
    expect(service.decide(call).action).toBe('allow');

    const revision = service.save('{"version":"1","default":"deny","tools":{"read_file":{}}}', 'test');
    expect(revision).toBe(1);
    expect(service.decide({ ...call, tool: 'x' })).toEqual({ action: 'deny', rule: 'default' });

    expect(() => service.save('{"version":"1","default":"nope"}', 'test')).toThrow(/refused.*revision 1/);
    expect(service.current().revision).toBe(1);
    expect(store.policies.active()!.revision).toBe(1);
    expect(store.audit.query({ kind: 'admin' }).map((r) => r.event)).toEqual(['policy.saved']);
    store.close();
  });
});
