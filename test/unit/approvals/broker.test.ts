import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { GatewayEvent } from '../../../shared/events';
import { ApprovalBroker, type Clock } from '../../../main/approvals/broker';
import type { ApprovalRequest } from '../../../main/gateway/session';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';

/** A clock moved by hand: timers run in order when time passes them. */
function manualClock(start = 1_000_000) {
  let now = start;
  let next = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = next++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].run();
    }
    now = until;
  };
  return { clock, advance, pendingTimers: () => timers.size };
}

/** The policy the broker's grants come from: a real PolicyService over an in-memory SQLite store. */
const POLICY = {
  version: '1',
  default: 'approve',
  tools: {
    delete_file: { action: 'approve', reason: 'deleting needs a person' },
    move_file: { action: 'approve' },
    write_file: [
      { action: 'approve', reason: 'outside home', when: { path: { not: { prefix: '/home' } } } },
      {
        action: 'approve',
        reason: 'writes need a person',
        limits: [{ window: 'minute', max: 1, on_exceed: 'approve' }],
      },
    ],
    'get_*': { action: 'approve' },
  },
};

function setup(options: { deadlineMs?: number; policy?: object } = {}) {
  const time = manualClock();
  const events: GatewayEvent[] = [];
  const policy = new PolicyService(openStore(':memory:'), () => time.clock.now());
  policy.save(JSON.stringify(options.policy ?? POLICY), 'test');
  const broker = new ApprovalBroker({
    clock: time.clock,
    deadlineMs: () => options.deadlineMs ?? 120_000,
    progressEveryMs: 5000,
    classify: () => ({ category: 'Destructive', risk: 'High', reason: 'name starts with "delete"' }),
    askedBy: (sessionId) => (sessionId === 's1' ? 'claude-ai 0.1' : undefined),
    grants: (call, at) => policy.grantsFor(call, at),
    alwaysAllow: (approval, by) =>
      policy.allowAlways(approval, approval.requestedAt, approval.grants.always, by),
    onEvent: (e) => void events.push(e),
  });
  const sent: string[] = [];
  /** A call as the gateway hands it over: decided by the policy, counted once it goes ahead. */
  const request = (
    tool = 'delete_file',
    sessionId = 's1',
    progressToken?: string | number,
    args: Record<string, unknown> = { path: '/tmp/x' },
  ): ApprovalRequest => {
    const verdict = policy.decide({ client: 'cursor', server: 'fs', tool, args, sessionId });
    verdict.commit();
    return {
      call: {
        id: `call-${tool}-${sessionId}`,
        sessionId,
        client: 'cursor',
        server: 'fs',
        tool,
        argsPreview: JSON.stringify(args),
        startedAt: time.clock.now(),
        decision: verdict.decision.action,
        rule: verdict.decision.rule,
        status: 'waiting',
      },
      args: JSON.stringify(args),
      decision: verdict.decision,
      progressToken,
      notify: (line) => void sent.push(line),
    };
  };
  return { broker, time, events, sent, request, policy };
}

const settled = async <T>(p: Promise<T>) => {
  let value: T | undefined;
  void p.then((v) => (value = v));
  await Promise.resolve();
  await Promise.resolve();
  return value;
};

describe('ApprovalBroker', () => {
  it('holds a call with everything the person needs, until they allow it once', async () => {
    const { broker, request, events } = setup();
    const pending = broker.request(request());
    const [approval] = broker.list();
    expect(approval).toMatchObject({
      client: 'cursor',
      askedBy: 'claude-ai 0.1',
      server: 'fs',
      tool: 'delete_file',
      args: '{"path":"/tmp/x"}',
      risk: { category: 'Destructive', risk: 'High' },
      rule: 'tools.delete_file',
      reason: 'deleting needs a person',
      requestedAt: 1_000_000,
      deadline: 1_120_000,
    });
    expect(approval!.id).toMatch(/^[0-9a-f]{8}$/);
    expect(await settled(pending.outcome)).toBeUndefined();
    broker.answer({ id: approval!.id, decision: 'allow', scope: 'once' }, 'dashboard');
    expect(await pending.outcome).toEqual({
      allow: true,
      reason: 'allowed once',
      by: 'dashboard',
      scope: 'once',
    });
    expect(broker.list()).toEqual([]);
    expect(events.map((e) => (e.type === 'approval' ? e.state : e.type))).toEqual(['requested', 'resolved']);
  });

  it('denies at the deadline, not a moment before', async () => {
    const { broker, request, time } = setup({ deadlineMs: 30_000 });
    const pending = broker.request(request());
    time.advance(29_999);
    expect(await settled(pending.outcome)).toBeUndefined();
    time.advance(1);
    expect(await pending.outcome).toEqual({ allow: false, reason: 'not approved in time', by: 'timeout' });
    expect(broker.list()).toEqual([]);
    expect(time.pendingTimers()).toBe(0);
  });

  it('queues several calls in order; answering one leaves the others waiting in order', () => {
    const { broker, request } = setup();
    broker.request(request('a'));
    broker.request(request('b'));
    broker.request(request('c'));
    expect(broker.list().map((a) => a.tool)).toEqual(['a', 'b', 'c']);
    broker.answer({ id: broker.list()[1]!.id, decision: 'deny', reason: 'not that one' }, 'cli');
    expect(broker.list().map((a) => a.tool)).toEqual(['a', 'c']);
  });

  it("denies with the person's reason, or says the person denied it", async () => {
    const { broker, request } = setup();
    const first = broker.request(request('a'));
    const second = broker.request(request('b'));
    broker.answer({ id: broker.list()[0]!.id, decision: 'deny', reason: '  wrong folder ' }, 'desktop');
    broker.answer({ id: broker.list()[0]!.id, decision: 'deny' }, 'desktop');
    expect(await first.outcome).toEqual({ allow: false, reason: 'wrong folder', by: 'desktop' });
    expect(await second.outcome).toEqual({ allow: false, reason: 'denied by the person', by: 'desktop' });
  });

  it('withdraws a call whose client cancelled or went away; a late answer finds nothing', async () => {
    const { broker, request, events, time } = setup();
    const pending = broker.request(request());
    const { id } = broker.list()[0]!;
    pending.withdraw('the client cancelled the call');
    expect(await pending.outcome).toEqual({
      allow: false,
      reason: 'the client cancelled the call',
      by: 'withdrawn',
    });
    expect(broker.list()).toEqual([]);
    expect(() => broker.answer({ id, decision: 'allow', scope: 'once' }, 'cli')).toThrow(ApiError);
    expect(events.at(-1)).toMatchObject({
      type: 'approval',
      state: 'resolved',
      outcome: { by: 'withdrawn' },
    });
    time.advance(200_000);
    expect(events.filter((e) => e.type === 'approval' && e.state === 'resolved')).toHaveLength(1);
  });

  it('"allow for this session" lets through, in that session only, what the same rule asks about', async () => {
    const { broker, request } = setup();
    broker.request(request('delete_file', 's1'));
    broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'session' }, 'dashboard');
    expect(await broker.request(request('delete_file', 's1')).outcome).toEqual({
      allow: true,
      reason: 'allowed for this session',
      by: 'session grant',
      scope: 'session',
    });
    expect(broker.list()).toEqual([]);
    broker.request(request('delete_file', 's2'));
    broker.request(request('move_file', 's1'));
    expect(broker.list().map((a) => `${a.sessionId}/${a.tool}`)).toEqual(['s2/delete_file', 's1/move_file']);
    broker.sessionEnded('s1');
    broker.request(request('delete_file', 's1'));
    expect(broker.list()).toHaveLength(3);
  });

  it('a session grant under one rule does not cover a call another rule, or a rate limit, asks about', () => {
    const { broker, request, time } = setup();
    // tools.write_file[0] asks about paths outside /home.
    broker.request(request('write_file', 's1', undefined, { path: '/tmp/a' }));
    expect(broker.list()[0]).toMatchObject({ rule: 'tools.write_file[0]' });
    broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'session' }, 'cli');
    void broker.request(request('write_file', 's1', undefined, { path: '/var/b' }));
    expect(broker.list()).toEqual([]);

    // tools.write_file[1] asks about the rest: another rule, so it asks again.
    broker.request(request('write_file', 's1', undefined, { path: '/home/me/a' }));
    const other = broker.list()[0]!;
    expect(other).toMatchObject({ rule: 'tools.write_file[1]' });
    broker.answer({ id: other.id, decision: 'allow', scope: 'session' }, 'cli');

    // Over its limit (one a minute, then ask): the limit asks, and a session grant cannot answer it.
    broker.request(request('write_file', 's1', undefined, { path: '/home/me/b' }));
    const limited = broker.list()[0]!;
    expect(limited).toMatchObject({ rule: 'tools.write_file[1].limits[0]' });
    expect(limited.grants.session).toMatchObject({ offered: false });
    expect(limited.grants.always).toMatchObject({
      offered: false,
      why: expect.stringContaining('the limit stays'),
    });
    expect(() => broker.answer({ id: limited.id, decision: 'allow', scope: 'session' }, 'cli')).toThrow(
      /"Allow for this session" is not offered for this call: A rate limit sent this call/,
    );
    expect(() => broker.answer({ id: limited.id, decision: 'allow', scope: 'always' }, 'cli')).toThrow(
      /"Always allow" is not offered/,
    );
    broker.answer({ id: limited.id, decision: 'allow', scope: 'once' }, 'cli');
    time.advance(61_000);
    void broker.request(request('write_file', 's1', undefined, { path: '/home/me/c' }));
    expect(broker.list()).toEqual([]);
  });

  it('a session grant ends when the rule that asked is edited', () => {
    const { broker, request, policy } = setup();
    broker.request(request('delete_file', 's1'));
    broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'session' }, 'cli');
    policy.save(
      JSON.stringify({
        ...POLICY,
        tools: { ...POLICY.tools, delete_file: { action: 'approve', reason: 'edited' } },
      }),
      'test',
    );
    broker.request(request('delete_file', 's1'));
    expect(broker.list()).toHaveLength(1);
  });

  it('the card says what each answer grants before the click; "always allow" writes exactly that', async () => {
    const { broker, request, policy } = setup();
    const pending = broker.request(request('get_issue'));
    const [approval] = broker.list();
    expect(approval!.grants).toEqual({
      always: {
        offered: true,
        revision: 1,
        path: 'clients.cursor.servers.fs.tools.get_issue',
        entry: {
          action: 'allow',
          reason: 'always allowed from an approval on 1970-01-01, where tools.get_* asked',
        },
        kept: [],
      },
      session: {
        offered: true,
        covers:
          'Calls to get_issue in this session that tools.get_* sends for approval, until the session ends. Limits still count; a call another rule asks about still asks.',
      },
    });
    expect(broker.answer({ id: approval!.id, decision: 'allow', scope: 'always' }, 'dashboard')).toEqual({
      revision: 2,
    });
    expect(await pending.outcome).toEqual({
      allow: true,
      reason: 'always allowed (policy revision 2 allows it at clients.cursor.servers.fs.tools.get_issue)',
      by: 'dashboard',
      scope: 'always',
    });
    expect(policy.current().document.clients).toEqual({
      cursor: {
        servers: {
          fs: { tools: { get_issue: approval!.grants.always.offered && approval!.grants.always.entry } },
        },
      },
    });
    // The glob still asks about the other tools it names.
    broker.request(request('get_user'));
    expect(broker.list().map((a) => a.tool)).toEqual(['get_user']);
  });

  it('if the policy changed so that "always allow" would write something else, the call keeps waiting', async () => {
    const { broker, request, policy } = setup();
    const held = broker.request(request('get_issue'));
    policy.save(
      JSON.stringify({
        ...POLICY,
        servers: { fs: { tools: { get_issue: { action: 'deny', when: { id: 1 } } } } },
      }),
      'someone else',
    );
    expect(() =>
      broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'always' }, 'cli'),
    ).toThrow(/changed from revision 1 to 2 since this call was shown/);
    expect(broker.list()).toHaveLength(1);
    expect(await settled(held.outcome)).toBeUndefined();
    expect(policy.current().revision).toBe(2);
  });

  it('keeps a client with a progress token informed, with rising progress, until the answer', () => {
    const { broker, request, sent, time } = setup({ deadlineMs: 60_000 });
    broker.request(request('delete_file', 's1', 'tok-7'));
    time.advance(15_000);
    const progress = sent.map(
      (l) =>
        JSON.parse(l) as {
          method: string;
          params: { progressToken: string; progress: number; total: number; message: string };
        },
    );
    expect(progress.map((p) => p.params.progress)).toEqual([5, 10, 15]);
    expect(progress[0]).toMatchObject({
      method: 'notifications/progress',
      params: { progressToken: 'tok-7', total: 60 },
    });
    expect(progress[2]!.params.message).toBe(
      'Waiting for the person to approve "delete_file" in Portcullis (45 s left)',
    );
    broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'once' }, 'cli');
    time.advance(30_000);
    expect(sent).toHaveLength(3);
  });

  it('sends nothing while waiting when the request had no progress token', () => {
    const { broker, request, sent, time } = setup();
    broker.request(request());
    time.advance(60_000);
    expect(sent).toEqual([]);
  });
});
