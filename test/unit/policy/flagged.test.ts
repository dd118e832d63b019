import { describe, expect, it } from 'vitest';
import type { FlagKind } from '../../../shared/trust';
import { compilePolicy } from '../../../main/policy/compile';
import { judge } from '../../../main/policy/evaluate';
import { planGrants } from '../../../main/policy/grants';
import { hostedIssues } from '../../../main/policy/hosted';
import { parsePolicy } from '../../../main/policy/parse';
import { PolicyService } from '../../../main/policy/policy-service';
import { RateLimiter } from '../../../main/policy/rate-limiter';
import { openStore } from '../../../main/store';

function policy(document: object) {
  const parsed = parsePolicy(JSON.stringify({ version: '1', default: 'allow', tools: {}, ...document }));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.document;
}

function decide(document: object, flags: FlagKind[], tool = 'read_file', server = 'fs', client = 'cursor') {
  return judge(
    compilePolicy(policy(document)),
    new RateLimiter(),
    { client, server, tool, args: {}, flags },
    0,
  );
}

describe('the policy acting on flagged tools', () => {
  it('asks about a flagged tool that the rules would allow, and leaves unflagged tools alone', () => {
    const document = { tools: { read_file: {} }, flagged: { action: 'approve' } };
    expect(decide(document, ['instructions']).decision).toEqual({
      action: 'approve',
      rule: 'flagged',
      reason: 'Portcullis flagged this tool (instructions)',
    });
    expect(decide(document, []).decision).toEqual({ action: 'allow', rule: 'tools.read_file' });
  });

  it('never loosens: a denied tool stays denied, an approved one is not allowed', () => {
    expect(
      decide({ tools: { read_file: { action: 'deny' } }, flagged: { action: 'approve' } }, ['shadowing'])
        .decision,
    ).toMatchObject({
      action: 'deny',
      rule: 'tools.read_file',
    });
    expect(
      decide({ default: 'approve', flagged: { action: 'deny', reason: 'no' } }, ['new-tool']).decision,
    ).toEqual({
      action: 'deny',
      rule: 'flagged',
      reason: 'no',
    });
  });

  it('acts only on the kinds it names, from the most specific scope that sets one', () => {
    const document = {
      flagged: { action: 'deny', kinds: ['secret-path'] },
      servers: { fs: { flagged: { action: 'approve' } } },
      clients: { cursor: { servers: { fs: { flagged: { action: 'deny', kinds: ['hidden-characters'] } } } } },
    };
    expect(decide(document, ['secret-path'], 'x', 'web').decision.rule).toBe('flagged');
    expect(decide(document, ['instructions'], 'x', 'web').decision.rule).toBe('default');
    expect(decide(document, ['instructions'], 'x', 'fs', 'claude-desktop').decision.rule).toBe(
      'servers.fs.flagged',
    );
    // The client's own scope for the server decides: it names only hidden characters.
    expect(decide(document, ['instructions'], 'x', 'fs').decision.rule).toBe('default');
    expect(decide(document, ['hidden-characters'], 'x', 'fs').decision).toMatchObject({
      action: 'deny',
      rule: 'clients.cursor.servers.fs.flagged',
    });
  });

  it("keeps the rule's limits when it asks, so an approved call still counts", () => {
    const document = {
      tools: { read_file: { limits: [{ window: 'minute', max: 5 }] } },
      flagged: { action: 'approve' },
    };
    expect(decide(document, ['instructions']).limits).toHaveLength(1);
    expect(decide({ ...document, flagged: { action: 'deny' } }, ['instructions']).limits).toEqual([]);
  });

  it('hides flagged tools from the listing when it says hide', () => {
    const service = new PolicyService(openStore(':memory:'));
    service.save(JSON.stringify(policy({ flagged: { action: 'hide', kinds: ['instructions'] } })), 'test');
    expect(service.isHidden('cursor', 'fs', 'read_file', { flags: ['instructions'] })).toBe(true);
    expect(service.isHidden('cursor', 'fs', 'read_file', { flags: ['long-description'] })).toBe(false);
    expect(service.isHidden('cursor', 'fs', 'read_file')).toBe(false);
    expect(
      service.decide({ client: 'cursor', server: 'fs', tool: 'read_file', args: {}, flags: ['instructions'] })
        .decision,
    ).toMatchObject({
      action: 'deny',
      hidden: true,
      rule: 'flagged',
    });
  });

  it('refuses unknown kinds and actions, by pointer', () => {
    const parsed = parsePolicy(
      JSON.stringify({ version: '1', default: 'allow', flagged: { action: 'allow', kinds: ['poison'] } }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => i.pointer).sort()).toEqual(['/flagged/action', '/flagged/kinds/0']);
  });

  it('offers only "Allow once" for a call a flagged rule asked about', () => {
    const compiled = compilePolicy(policy({ flagged: { action: 'approve' } }));
    const plan = planGrants(
      compiled,
      3,
      { client: 'cursor', server: 'fs', tool: 'read_file', rule: 'flagged' },
      0,
    );
    expect(plan.always).toMatchObject({ offered: false, why: expect.stringContaining('Accepting the tool') });
    expect(plan.session.offered).toBe(false);
  });

  it('is not in the hosted format', () => {
    expect(hostedIssues(policy({ flagged: { action: 'approve' } }))).toEqual([
      { pointer: '/flagged', message: '"flagged" has no equivalent in the hosted format.' },
    ]);
  });
});
