import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyDocumentInput } from '../../../shared/policy';
import { compilePolicy } from '../../../main/policy/compile';
import { judge } from '../../../main/policy/evaluate';
import { planGrants, writeGrant, type AskedCall } from '../../../main/policy/grants';
import { parsePolicy } from '../../../main/policy/parse';
import { PolicyService } from '../../../main/policy/policy-service';
import { RateLimiter } from '../../../main/policy/rate-limiter';
import { openStore } from '../../../main/store';

const AT = Date.UTC(2026, 10, 21, 12);

function plan(document: PolicyDocumentInput, call: AskedCall) {
  const parsed = parsePolicy(JSON.stringify(document));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return planGrants(compilePolicy(parsed.document), 4, call, AT);
}

const writeCall = (rule: string): AskedCall => ({ client: 'cursor', server: 'fs', tool: 'write_file', rule });

/** A rule with conditions and a limit that asks, under a conditional deny for other paths. */
const guarded: PolicyDocumentInput = {
  version: '1',
  default: 'allow',
  tools: {
    write_file: [
      { action: 'deny', reason: 'not in /etc', when: { path: { path_prefix: '/etc' } } },
      { action: 'approve', reason: 'writes need a person', limits: [{ window: 'minute', max: 2 }] },
    ],
  },
};

describe('planGrants: "Always allow"', () => {
  it('keeps a hosted rate_limit block, counting where it counted, and an approval spelt the hosted way', () => {
    const { always } = plan(
      {
        version: '1',
        default: 'allow',
        tools: { write_file: { action: 'require_approval', rate_limit: { max: 3, window: 60 } } },
      },
      writeCall('tools.write_file'),
    );
    expect(always).toMatchObject({
      offered: true,
      entry: {
        action: 'allow',
        rate_limit: { counter: 'tools.write_file.rate_limit', max: 3, window: 60 },
      },
    });
  });

  it("rewrites the rule that asked as an allow at the client's server, after the rules that decided first", () => {
    const { always } = plan(guarded, writeCall('tools.write_file[1]'));
    expect(always).toEqual({
      offered: true,
      revision: 4,
      path: 'clients.cursor.servers.fs.tools.write_file',
      entry: [
        {
          action: 'deny',
          reason: 'not in /etc',
          when: { path: { path_prefix: '/etc' } },
        },
        {
          action: 'allow',
          reason: 'always allowed from an approval on 2026-11-21, where tools.write_file[1] asked',
          // The limit keeps counting where it counted: under the old rule's path.
          limits: [
            {
              counter: 'tools.write_file[1].limits[0]',
              window: 'minute',
              max: 2,
              scope: 'grant',
              on_exceed: 'deny',
            },
          ],
        },
      ],
      kept: ['tools.write_file[0]'],
    });
  });

  it("takes the place of the rule that asked when it is already at the client's server", () => {
    const document: PolicyDocumentInput = {
      version: '1',
      default: 'deny',
      clients: {
        cursor: {
          servers: {
            fs: {
              tools: {
                write_file: [
                  { action: 'deny', when: { path: { prefix: '/etc' } } },
                  { action: 'approve', when: { mode: 'append' }, limits: [{ window: 'hour', max: 9 }] },
                ],
              },
            },
          },
        },
      },
    };
    const { always } = plan(document, writeCall('clients.cursor.servers.fs.tools.write_file[1]'));
    expect(always).toMatchObject({
      offered: true,
      replaces: 'clients.cursor.servers.fs.tools.write_file[1]',
      kept: [],
      entry: [
        { action: 'deny', when: { path: { prefix: '/etc' } } },
        // Same path, so the unnamed limit needs no counter name to keep counting.
        {
          action: 'allow',
          when: { mode: 'append' },
          limits: [{ window: 'hour', max: 9, scope: 'grant', on_exceed: 'deny' }],
        },
      ],
    });
  });

  it('never turns a glob into an allow for other tools, clients or servers', () => {
    const document: PolicyDocumentInput = {
      version: '1',
      default: 'allow',
      tools: { '*': { action: 'approve' } },
    };
    const { always } = plan(document, writeCall('tools.*'));
    if (!always.offered) throw new Error(always.why);
    const after = compilePolicy(
      (
        parsePolicy(writeGrant(JSON.stringify(document), writeCall('tools.*'), always.entry)) as {
          ok: true;
          document: never;
        }
      ).document,
    );
    const limiter = new RateLimiter();
    const decide = (client: string, server: string, tool: string) =>
      judge(after, limiter, { client, server, tool, args: {} }, AT).decision.action;
    expect(decide('cursor', 'fs', 'write_file')).toBe('allow');
    expect([
      decide('cursor', 'fs', 'delete_file'),
      decide('claude', 'fs', 'write_file'),
      decide('cursor', 'git', 'write_file'),
    ]).toEqual(['approve', 'approve', 'approve']);
  });

  it('grants a default that asks for this tool only, after every conditional rule for it', () => {
    const document: PolicyDocumentInput = {
      version: '1',
      default: 'approve',
      servers: { fs: { tools: { 'write_*': { action: 'deny', when: { path: { prefix: '/etc' } } } } } },
    };
    const { always } = plan(document, writeCall('default'));
    expect(always).toMatchObject({
      offered: true,
      kept: ['servers.fs.tools.write_*'],
      entry: [
        { action: 'deny', when: { path: { prefix: '/etc' } } },
        { action: 'allow', reason: 'always allowed from an approval on 2026-11-21, where default asked' },
      ],
    });
  });

  it('keeps the reason of a rule whose deny_if or require denies with it', () => {
    const document: PolicyDocumentInput = {
      version: '1',
      default: 'deny',
      tools: { write_file: { action: 'approve', reason: 'careful', deny_if: { path: { prefix: '/etc' } } } },
    };
    expect(plan(document, writeCall('tools.write_file')).always).toMatchObject({
      entry: { action: 'allow', reason: 'careful', deny_if: { path: { prefix: '/etc' } } },
    });
  });

  it('offers neither grant for a call a rate limit sent: the rule allows it, and the limit stays', () => {
    const document: PolicyDocumentInput = {
      version: '1',
      default: 'deny',
      tools: { write_file: { limits: [{ window: 'minute', max: 1, on_exceed: 'approve' }] } },
    };
    const grants = plan(document, {
      ...writeCall('tools.write_file.limits[0]'),
      limit: {
        rule: 'tools.write_file.limits[0]',
        counter: 'c',
        scope: 'grant',
        max: 1,
        windowSeconds: 60,
        used: 1,
      },
    });
    expect(grants.sessionKey).toBeUndefined();
    expect(grants.always).toEqual({
      offered: false,
      why: 'A rate limit sent this call for approval (at most 1 call a minute per client): the rule for write_file allows it, and the limit stays. Only this call can be allowed.',
    });
    expect(grants.session).toEqual(grants.always);
  });

  it('says why when the rule that asked is gone, no longer asks, or no longer comes first', () => {
    const asked = writeCall('tools.write_file');
    const base = { version: '1', default: 'deny' } as const;
    expect(plan({ ...base, tools: {} }, asked).always).toMatchObject({
      offered: false,
      why: expect.stringContaining('tools.write_file, which asked, is no longer what decides write_file'),
    });
    expect(plan({ ...base, tools: { write_file: { action: 'deny' } } }, asked).always).toMatchObject({
      why: expect.stringContaining('tools.write_file now says "deny"'),
    });
    expect(
      plan(
        { ...base, tools: { write_file: { action: 'approve' } }, servers: { fs: { tools: { '*': {} } } } },
        asked,
      ).always,
    ).toMatchObject({ why: expect.stringContaining('servers.fs.tools.* now decides every write_file call') });
  });

  it('will not write a tool name that a policy would read as a pattern', () => {
    const document: PolicyDocumentInput = { version: '1', default: 'approve' };
    expect(
      plan(document, { client: 'cursor', server: 'fs', tool: 'get_*', rule: 'default' }).always,
    ).toMatchObject({
      offered: false,
      why: expect.stringContaining('as a pattern covering other tools'),
    });
  });
});

describe('planGrants: "Allow for this session"', () => {
  it('covers what the same rule, unchanged, asks about for this tool', () => {
    const grants = plan(guarded, writeCall('tools.write_file[1]'));
    expect(grants.session).toEqual({
      offered: true,
      covers:
        'Calls to write_file in this session that tools.write_file[1] sends for approval, until the session ends. Limits still count; a call another rule asks about still asks.',
    });
    // Editing the rule (here, its limit) makes it another rule: its old grants no longer apply.
    const edited: PolicyDocumentInput = {
      ...guarded,
      tools: {
        write_file: [
          { action: 'deny', reason: 'not in /etc', when: { path: { path_prefix: '/etc' } } },
          { action: 'approve', reason: 'writes need a person', limits: [{ window: 'minute', max: 50 }] },
        ],
      },
    };
    expect(grants.sessionKey).toBeDefined();
    expect(plan(edited, writeCall('tools.write_file[1]')).sessionKey).not.toBe(grants.sessionKey);
    expect(plan(guarded, writeCall('tools.write_file[1]')).sessionKey).toBe(grants.sessionKey);
  });

  it('says which arguments the rule asks about', () => {
    const document: PolicyDocumentInput = {
      version: '1',
      default: 'allow',
      tools: { write_file: { action: 'approve', when: { path: { prefix: '/home' } } } },
    };
    expect(plan(document, writeCall('tools.write_file')).session).toMatchObject({
      covers: expect.stringContaining('(arguments matching {"path":{"prefix":"/home"}})'),
    });
  });
});

describe('writeGrant', () => {
  it('adds the entry and leaves the rest as the person wrote it, whatever the names', () => {
    const saved = '{"version":"1","default":"approve","clients":{"constructor":{"default":"deny"}}}';
    const text = writeGrant(
      saved,
      { client: 'constructor', server: 'toString', tool: 'hasOwnProperty' },
      {
        action: 'allow',
      },
    );
    expect(JSON.parse(text)).toEqual({
      version: '1',
      default: 'approve',
      clients: {
        constructor: {
          default: 'deny',
          servers: { toString: { tools: { hasOwnProperty: { action: 'allow' } } } },
        },
      },
    });
  });
});

describe('PolicyService.allowAlways', () => {
  function service() {
    const file = join(mkdtempSync(join(tmpdir(), 'pc-grants-')), 'p.db');
    const store = openStore(file);
    const policy = new PolicyService(store, () => AT);
    policy.save(JSON.stringify(guarded), 'test');
    return { file, store, policy };
  }
  const asked = writeCall('tools.write_file[1]');

  it('writes exactly the planned entry as a new revision, saying who allowed it', () => {
    const { store, policy } = service();
    const shown = policy.grantsFor(asked, AT).always;
    const revision = policy.allowAlways(asked, AT, shown, 'dashboard');
    expect(revision).toBe(2);
    const saved = store.policies.active()!;
    expect(saved.source).toBe('approval in the dashboard: always allow cursor/fs/write_file');
    const written = (JSON.parse(saved.document) as { clients: Record<string, never> }).clients;
    expect(written).toEqual({
      cursor: { servers: { fs: { tools: { write_file: shown.offered && shown.entry } } } },
    });
    expect(policy.test({ ...asked, args: { path: '/tmp/a' } })).toMatchObject({
      action: 'allow',
      rule: 'clients.cursor.servers.fs.tools.write_file[1]',
    });
    expect(policy.test({ ...asked, args: { path: '/etc/passwd' } })).toMatchObject({ action: 'deny' });
  });

  it('writes nothing when another process changed the policy so that the plan differs', () => {
    const { file, store, policy } = service();
    const shown = policy.grantsFor(asked, AT).always;
    // The CLI, while the card is on screen: a new deny for this tool's other arguments.
    const cli = new PolicyService(openStore(file));
    const changed = {
      ...guarded,
      servers: { fs: { tools: { write_file: { action: 'deny', when: { path: { prefix: '/root' } } } } } },
    };
    cli.save(JSON.stringify(changed), 'cli');
    expect(() => policy.allowAlways(asked, AT, shown, 'dashboard')).toThrow(
      /changed from revision 1 to 2 since this call was shown.*would now write clients\.cursor\.servers\.fs\.tools\.write_file: \[\{"action":"deny","when":\{"path":\{"prefix":"\/root"\}\}\},.*Nothing was written/,
    );
    expect(store.policies.active()!.revision).toBe(2);
  });

  it('still writes when the policy changed elsewhere and the plan is the same', () => {
    const { policy } = service();
    const shown = policy.grantsFor(asked, AT).always;
    policy.save(JSON.stringify({ ...guarded, servers: { git: { default: 'deny' } } }), 'elsewhere');
    expect(policy.allowAlways(asked, AT, shown, 'cli')).toBe(3);
  });

  it('refuses a grant that was not offered', () => {
    const { policy } = service();
    expect(() => policy.allowAlways(asked, AT, { offered: false, why: 'a limit asked' }, 'cli')).toThrow(
      '"Always allow" is not offered for this call: a limit asked',
    );
  });
});
