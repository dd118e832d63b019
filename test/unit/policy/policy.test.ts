import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../main/policy/parse';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';

describe('parsePolicy', () => {
  it('accepts the published minimal shapes unchanged', () => {
    expect(parsePolicy('{ "version": "1", "default": "deny", "tools": { "get_ticket": {} } }')).toEqual({
      ok: true,
      document: { version: '1', default: 'deny', tools: { get_ticket: {} } },
    });
    const capped = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: {
          update_ticket: {
            limits: [{ counter: 'update_ticket_rate', window: 'minute', max: 30, scope: 'grant' }],
          },
        },
      }),
    );
    expect(capped.ok).toBe(true);
    const seconds = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        all_tools: { limits: [{ window: 60, max: 10 }] },
        tools: { a: { action: 'deny', reason: 'no' }, b: { action: 'hide' } },
      }),
    );
    expect(seconds.ok).toBe(true);
  });

  it('points at each problem by JSON pointer: wrong types, unknown action, bad regex, unknown keys', () => {
    const parsed = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'maybe',
        tools: {
          'a/b': { action: 'explode' },
          c: { why: 1 },
          d: { limits: [{ window: 'fortnight', max: '5' }] },
          e: { when: { path: { regex: '([a-z' } } },
          f: { action: 'hide', when: { x: 1 } },
        },
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byPointer = Object.fromEntries(parsed.issues.map((i) => [i.pointer, i.message]));
    expect(Object.keys(byPointer)).toEqual(
      expect.arrayContaining([
        '/default',
        '/tools/a~1b/action',
        '/tools/c/why',
        '/tools/d/limits/0/window',
        '/tools/d/limits/0/max',
        '/tools/e/when/path/regex',
        '/tools/f/when',
      ]),
    );
    expect(byPointer['/tools/c/why']).toMatch(/Unknown key "why"/);
    expect(byPointer['/tools/e/when/path/regex']).toMatch(/regular expression/);
  });

  it('reports a syntax error with line and column', () => {
    const parsed = parsePolicy('{\n  "version": "1",\n  "default": deny\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      // In words, once: the parser's code (InvalidSymbol) and the errors that follow from it are not shown.
      expect(parsed.issues).toEqual([
        {
          pointer: '',
          message:
            'Not valid JSON at line 3, column 14: unexpected text. Outside double quotes JSON has only numbers, true, false, null, { } [ ] , and : (is a word missing its quotes?).',
        },
      ]);
    }
    const trailing = parsePolicy('{ "version": "1", "default": "deny", }');
    expect(trailing.ok === false && trailing.issues[0]!.message).toBe(
      'Not valid JSON at line 1, column 38: a key in double quotes is expected here. JSON allows no comma before a closing }.',
    );
  });
});

function service(document: object, now = { t: 1_000_000 }) {
  const store = openStore(':memory:');
  const policy = new PolicyService(store, () => now.t);
  policy.save(JSON.stringify({ version: '1', ...document }), 'test');
  return { store, policy, now };
}

const call = (
  tool: string,
  extra: Partial<{ client: string; server: string; args: Record<string, unknown> }> = {},
) => ({
  client: extra.client ?? 'cursor',
  server: extra.server ?? 'fs',
  tool,
  args: extra.args ?? {},
});

describe('deciding a call', () => {
  it('uses default for unnamed tools; {} allows; deny says why; every decision names its rule', () => {
    const { policy } = service({
      default: 'deny',
      tools: { read_file: {}, exec: { action: 'deny', reason: 'No shell from agents' } },
    });
    expect(policy.decide(call('read_file')).decision).toEqual({ action: 'allow', rule: 'tools.read_file' });
    expect(policy.decide(call('exec')).decision).toEqual({
      action: 'deny',
      rule: 'tools.exec',
      reason: 'No shell from agents',
    });
    expect(policy.decide(call('other')).decision).toEqual({ action: 'deny', rule: 'default' });
    expect(policy.decide(call('constructor')).decision).toEqual({ action: 'deny', rule: 'default' });
  });

  it('exact beats glob, and the more specific glob wins regardless of key order', () => {
    const { policy } = service({
      default: 'deny',
      tools: {
        '*': { action: 'approve' },
        'get_*': {},
        'get_secret*': { action: 'deny' },
        get_secret_ok: {},
      },
    });
    expect(policy.decide(call('get_issue')).decision.rule).toBe('tools.get_*');
    expect(policy.decide(call('get_secret_key')).decision).toMatchObject({
      action: 'deny',
      rule: 'tools.get_secret*',
    });
    expect(policy.decide(call('get_secret_ok')).decision).toMatchObject({
      action: 'allow',
      rule: 'tools.get_secret_ok',
    });
    expect(policy.decide(call('delete')).decision).toMatchObject({ action: 'approve', rule: 'tools.*' });
    // The same rules written in the opposite order decide the same way.
    const { policy: reversed } = service({
      default: 'deny',
      tools: {
        get_secret_ok: {},
        'get_secret*': { action: 'deny' },
        'get_*': {},
        '*': { action: 'approve' },
      },
    });
    for (const tool of ['get_issue', 'get_secret_key', 'get_secret_ok', 'delete']) {
      expect(reversed.decide(call(tool)).decision).toEqual(policy.decide(call(tool)).decision);
    }
  });

  it('ties between equally specific globs go to the pattern that sorts first', () => {
    const { policy } = service({
      default: 'deny',
      tools: { 'b?_x': { action: 'deny' }, 'a*': {}, '*_x': { action: 'approve' } },
    });
    // "ab_x" matches a* (1 literal) and *_x (2 literals): *_x is more specific.
    expect(policy.decide(call('ab_x')).decision.rule).toBe('tools.*_x');
    // "bb_x" matches b?_x (3 literals, 1 wildcard) and *_x (2 literals): b?_x wins.
    expect(policy.decide(call('bb_x')).decision.rule).toBe('tools.b?_x');
  });

  it('server rules beat top-level rules; client+server beat both; defaults only when no rule names the tool', () => {
    const { policy } = service({
      default: 'allow',
      tools: { exec: { action: 'deny' }, read_file: {} },
      servers: {
        github: {
          default: 'approve',
          tools: { 'get_*': {}, exec: { action: 'approve', reason: 'ask first' } },
        },
      },
      clients: { cursor: { servers: { github: { tools: { exec: { action: 'allow' } } } }, default: 'deny' } },
    });
    expect(
      policy.decide(call('exec', { server: 'github', client: 'claude-desktop' })).decision,
    ).toMatchObject({
      action: 'approve',
      rule: 'servers.github.tools.exec',
    });
    expect(policy.decide(call('exec', { server: 'github' })).decision.rule).toBe(
      'clients.cursor.servers.github.tools.exec',
    );
    expect(policy.decide(call('exec', { server: 'fs', client: 'claude-desktop' })).decision.rule).toBe(
      'tools.exec',
    );
    // No rule names create_issue: the most specific default that is set decides.
    expect(
      policy.decide(call('create_issue', { server: 'github', client: 'claude-desktop' })).decision,
    ).toMatchObject({
      action: 'approve',
      rule: 'servers.github.default',
    });
    expect(policy.decide(call('create_issue', { server: 'github' })).decision.rule).toBe(
      'servers.github.default',
    );
    expect(policy.decide(call('anything', { server: 'fs' })).decision.rule).toBe('clients.cursor.default');
    // A top-level rule still applies to a server that has its own default.
    expect(policy.decide(call('read_file', { server: 'github', client: 'x' })).decision.rule).toBe(
      'tools.read_file',
    );
  });

  it('conditions on arguments: when, require, deny_if, with every test', () => {
    const { policy } = service({
      default: 'deny',
      tools: {
        write_file: [
          { when: { path: { path_prefix: '/tmp/work' } }, reason: 'scratch space' },
          { when: { path: { glob: '*.md' }, size: { lte: 1000 } } },
          { action: 'approve' },
        ],
        query: {
          require: { sql: { regex: '^\\s*select\\b', not: { regex: ';' } } },
          deny_if: { db: { in: ['prod', 'billing'] } },
        },
        flag: { when: { force: true }, action: 'deny' },
        opt: { when: { 'options.mode': { equals: 'fast' }, missing: { exists: false } } },
        range: { when: { n: { gt: 1, lt: 10 } }, action: 'allow' },
        any: { when: { name: { prefix: 'ok_' } } },
      },
    });
    const w = (args: Record<string, unknown>) => policy.decide(call('write_file', { args })).decision;
    expect(w({ path: '/tmp/work/a.txt' })).toMatchObject({ action: 'allow', rule: 'tools.write_file[0]' });
    expect(w({ path: '/tmp/work/../../etc/passwd' })).toMatchObject({
      action: 'approve',
      rule: 'tools.write_file[2]',
    });
    expect(w({ path: '/tmp/workshop/x' })).toMatchObject({ action: 'approve' });
    expect(w({ path: 'notes.md', size: 10 })).toMatchObject({ rule: 'tools.write_file[1]' });
    expect(w({ path: 'notes.md', size: 5000 })).toMatchObject({ rule: 'tools.write_file[2]' });

    const q = (args: Record<string, unknown>) => policy.decide(call('query', { args })).decision;
    expect(q({ sql: 'select 1', db: 'dev' })).toMatchObject({ action: 'allow', rule: 'tools.query' });
    expect(q({ sql: 'drop table x', db: 'dev' })).toMatchObject({
      action: 'deny',
      rule: 'tools.query.require',
    });
    expect(q({ sql: 'select 1; drop table x', db: 'dev' })).toMatchObject({
      action: 'deny',
      rule: 'tools.query.require',
    });
    expect(q({ sql: 'select 1', db: 'prod' })).toMatchObject({ action: 'deny', rule: 'tools.query.deny_if' });

    expect(policy.decide(call('flag', { args: { force: true } })).decision).toMatchObject({
      action: 'deny',
      rule: 'tools.flag',
    });
    expect(policy.decide(call('flag', { args: { force: 'true' } })).decision.rule).toBe('default');
    expect(policy.decide(call('opt', { args: { options: { mode: 'fast' } } })).decision.rule).toBe(
      'tools.opt',
    );
    expect(
      policy.decide(call('opt', { args: { options: { mode: 'fast' }, missing: 1 } })).decision.rule,
    ).toBe('default');
    expect(policy.decide(call('range', { args: { n: 5 } })).decision.rule).toBe('tools.range');
    expect(policy.decide(call('range', { args: { n: 10 } })).decision.rule).toBe('default');
    expect(policy.decide(call('range', { args: { n: '5' } })).decision.rule).toBe('default');
    expect(policy.decide(call('any', { args: { name: 'ok_1' } })).decision.rule).toBe('tools.any');
  });

  it('hides tools from listings and denies calls to them; conditional rules do not hide', () => {
    const { policy } = service({
      default: 'allow',
      tools: { secret: { action: 'hide' }, 'admin_*': { action: 'hide', reason: 'admins only' } },
    });
    expect(policy.isHidden('cursor', 'fs', 'secret')).toBe(true);
    expect(policy.isHidden('cursor', 'fs', 'admin_reset')).toBe(true);
    expect(policy.isHidden('cursor', 'fs', 'read')).toBe(false);
    expect(policy.decide(call('admin_reset')).decision).toEqual({
      action: 'deny',
      rule: 'tools.admin_*',
      hidden: true,
      reason: 'admins only',
    });
  });
});

describe('rate limits', () => {
  it('caps a tool per client in a sliding window, says when to retry, and counts only calls that go ahead', () => {
    const { policy, now } = service({
      default: 'deny',
      tools: { update: { limits: [{ counter: 'updates', window: 'minute', max: 3, scope: 'grant' }] } },
    });
    const go = (client = 'cursor') => {
      const verdict = policy.decide(call('update', { client }));
      if (verdict.decision.action === 'allow') verdict.commit();
      return verdict.decision;
    };
    for (let i = 0; i < 3; i++) {
      expect(go().action).toBe('allow');
      now.t += 10_000;
    }
    const limited = go();
    expect(limited).toMatchObject({
      action: 'deny',
      rule: 'tools.update.limits[0]',
      limit: { max: 3, used: 3 },
    });
    expect(limited.reason).toBe('rate limit reached: at most 3 calls a minute per client; try again in 30 s');
    // Another client has its own count.
    expect(go('claude-desktop').action).toBe('allow');
    // Refused calls are not counted: once the first call leaves the window, one more fits.
    now.t += 30_001;
    expect(go().action).toBe('allow');
    expect(go().action).toBe('deny');
  });

  it('shares a named counter between rules, and scopes by session, server, tool or globally', () => {
    const { policy } = service({
      default: 'deny',
      tools: {
        a: { limits: [{ counter: 'writes', window: 'hour', max: 2, scope: 'global' }] },
        b: { limits: [{ counter: 'writes', window: 'hour', max: 2, scope: 'global' }] },
        s: { limits: [{ window: 'hour', max: 1, scope: 'session' }] },
      },
    });
    const go = (tool: string, extra: Parameters<typeof call>[1] & { sessionId?: string } = {}) => {
      const v = policy.decide({
        ...call(tool, extra),
        ...(extra.sessionId ? { sessionId: extra.sessionId } : {}),
      });
      if (v.decision.action === 'allow') v.commit();
      return v.decision.action;
    };
    expect([go('a'), go('b', { client: 'other' }), go('a', { server: 'x' })]).toEqual([
      'allow',
      'allow',
      'deny',
    ]);
    expect([go('s', { sessionId: '1' }), go('s', { sessionId: '1' }), go('s', { sessionId: '2' })]).toEqual([
      'allow',
      'deny',
      'allow',
    ]);
  });

  it('escalates to approval instead of denying when the limit says so; all_tools limits apply to every tool', () => {
    const { policy } = service({
      default: 'allow',
      all_tools: { limits: [{ window: 'second', max: 2, scope: 'grant' }] },
      tools: { pay: { limits: [{ window: 'day', max: 1, on_exceed: 'approve' }] } },
    });
    const go = (tool: string) => {
      const v = policy.decide(call(tool));
      if (v.decision.action === 'allow') v.commit();
      return v.decision;
    };
    expect(go('pay').action).toBe('allow');
    expect(go('pay')).toMatchObject({ action: 'approve', rule: 'tools.pay.limits[0]' });
    expect(go('x').action).toBe('allow');
    expect(go('y')).toMatchObject({ action: 'deny', rule: 'all_tools.limits[0]' });
  });

  it('keeps counts across a restart', () => {
    const { store, policy } = service({
      default: 'allow',
      tools: { t: { limits: [{ window: 'hour', max: 1 }] } },
    });
    const first = policy.decide(call('t'));
    first.commit();
    policy.flushCounters();
    const restarted = new PolicyService(store, () => 1_000_500);
    expect(restarted.decide(call('t')).decision.action).toBe('deny');
  });
});

describe('revisions, drafts and shadow', () => {
  it('keeps every revision, refuses a bad one keeping the active policy, and rolls back as a new revision', () => {
    const { store, policy } = service({ default: 'deny', tools: { a: {} } });
    const second = policy.save('{"version":"1","default":"allow"}', 'test');
    expect(() => policy.save('{"version":"1","default":"nope"}', 'test')).toThrow(/refused.*revision 2/);
    expect(policy.current().revision).toBe(second);
    const rolled = policy.rollback(1, 'cli');
    expect(rolled).toBe(3);
    expect(policy.decide(call('b')).decision.action).toBe('deny');
    // Revision 0, the built-in default, can be rolled back to as well.
    expect(policy.rollback(0, 'dashboard')).toBe(4);
    expect(policy.decide(call('b')).decision).toMatchObject({ action: 'allow', rule: 'default' });
    expect(store.policies.list().map((r) => r.source)).toEqual([
      'dashboard: rollback to revision 0',
      'command line: rollback to revision 1',
      'test',
      'test',
    ]);
  });

  it("runs a draft in shadow: calls are decided by the active policy, the draft's verdict is recorded alongside", () => {
    const { policy } = service({ default: 'allow' });
    policy.saveDraft(
      '{"version":"1","default":"allow","tools":{"rm":{"action":"deny"},"pay":{"action":"approve"}}}',
      true,
    );
    const rm = policy.decide(call('rm'));
    expect(rm.decision.action).toBe('allow');
    expect(rm.shadow).toMatchObject({ action: 'deny', rule: 'tools.rm' });
    expect(policy.decide(call('pay')).shadow).toMatchObject({ action: 'approve' });
    policy.setShadow(false);
    expect(policy.decide(call('rm')).shadow).toBeUndefined();
    expect(policy.applyDraft('desktop')).toBe(2);
    expect(policy.decide(call('rm')).decision.action).toBe('deny');
  });
});

describe('pointed errors', () => {
  it('name the keys a rule, a list of rules, a limit and a scope take', () => {
    const parsed = parsePolicy(
      JSON.stringify({
        version: '1',
        default: 'deny',
        tools: {
          a: { acton: 'deny' },
          b: [{}, { resaon: 'x' }],
          c: { limits: [{ window: 'minute', max: 1, per: 'grant' }] },
        },
        servers: { gh: { tool: {} } },
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual(
      expect.arrayContaining([
        {
          pointer: '/tools/a/acton',
          message:
            'Unknown key "acton" (a tool rule takes action, reason, limits, rate_limit, when, require, deny_if).',
        },
        {
          pointer: '/tools/b/1/resaon',
          message:
            'Unknown key "resaon" (a tool rule takes action, reason, limits, rate_limit, when, require, deny_if).',
        },
        {
          pointer: '/tools/c/limits/0/per',
          message: 'Unknown key "per" (a limit takes counter, window, max, scope, on_exceed).',
        },
        {
          pointer: '/servers/gh/tool',
          message:
            'Unknown key "tool" (a scope takes default, reason, tools, all_tools, and for a client, servers).',
        },
      ]),
    );
  });
});

describe('keys a policy cannot use', () => {
  it('refuses "__proto__" wherever it appears, instead of losing the rule under it', () => {
    const parsed = parsePolicy(
      '{"version":"1","default":"allow","tools":{"__proto__":{"action":"deny"}},"servers":{"x":{"tools":{"__proto__":{}}}}}',
    );
    expect(parsed).toEqual({
      ok: false,
      issues: [
        { pointer: '/tools/__proto__', message: 'The key "__proto__" cannot be used in a policy.' },
        { pointer: '/servers/x/tools/__proto__', message: 'The key "__proto__" cannot be used in a policy.' },
      ],
    });
  });
});

describe('changes made by another process', () => {
  it('are picked up by refresh: a new revision and a new draft are both announced', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-refresh-')), 'p.db');
    const gatewayStore = openStore(file);
    const cliStore = openStore(file);
    const gateway = new PolicyService(gatewayStore);
    const cli = new PolicyService(cliStore);
    const announced: number[] = [];
    gateway.onChange((revision) => announced.push(revision));

    cli.save('{"version":"1","default":"deny"}', 'cli');
    gateway.refresh();
    expect(gateway.current().revision).toBe(1);
    expect(gateway.decide(call('x')).decision.action).toBe('deny');

    cli.saveDraft('{"version":"1","default":"allow"}', true);
    gateway.refresh();
    expect(gateway.decide(call('x')).shadow).toMatchObject({ action: 'allow' });
    expect(announced).toEqual([1, 1]);
    gatewayStore.close();
    cliStore.close();
  });
});
