import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { GatewayEvent } from '../../../shared/events';
import { ApprovalBroker, type Clock } from '../../../main/approvals/broker';
import type { ApprovalRequest } from '../../../main/gateway/session';

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

function setup(
  options: { deadlineMs?: number; alwaysAllow?: (c: string, s: string, t: string) => void } = {},
) {
  const time = manualClock();
  const events: GatewayEvent[] = [];
  const always: string[] = [];
  const broker = new ApprovalBroker({
    clock: time.clock,
    deadlineMs: () => options.deadlineMs ?? 120_000,
    progressEveryMs: 5000,
    classify: () => ({ category: 'Destructive', risk: 'High', reason: 'name starts with "delete"' }),
    askedBy: (sessionId) => (sessionId === 's1' ? 'claude-ai 0.1' : undefined),
    alwaysAllow: options.alwaysAllow ?? ((c, s, t) => void always.push(`${c}/${s}/${t}`)),
    onEvent: (e) => void events.push(e),
  });
  const sent: string[] = [];
  const request = (
    tool = 'delete_file',
    sessionId = 's1',
    progressToken?: string | number,
  ): ApprovalRequest => ({
    call: {
      id: `call-${tool}-${sessionId}`,
      sessionId,
      client: 'cursor',
      server: 'fs',
      tool,
      argsPreview: '{"path":"/tmp/x"}',
      startedAt: time.clock.now(),
      decision: 'approve',
      rule: 'tools.delete_file',
      status: 'waiting',
    },
    args: '{"path":"/tmp/x"}',
    decision: { action: 'approve', rule: 'tools.delete_file', reason: 'deleting needs a person' },
    progressToken,
    notify: (line) => void sent.push(line),
  });
  return { broker, time, events, always, sent, request };
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
    expect(await pending.outcome).toEqual({ allow: true, reason: 'allowed once', by: 'dashboard' });
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

  it('"allow for this session" lets the same tool through in that session only, until it ends', async () => {
    const { broker, request } = setup();
    broker.request(request('delete_file', 's1'));
    broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'session' }, 'dashboard');
    expect(await broker.request(request('delete_file', 's1')).outcome).toEqual({
      allow: true,
      reason: 'allowed for this session',
      by: 'session grant',
    });
    expect(broker.list()).toEqual([]);
    broker.request(request('delete_file', 's2'));
    broker.request(request('move_file', 's1'));
    expect(broker.list().map((a) => `${a.sessionId}/${a.tool}`)).toEqual(['s2/delete_file', 's1/move_file']);
    broker.sessionEnded('s1');
    broker.request(request('delete_file', 's1'));
    expect(broker.list()).toHaveLength(3);
  });

  it('"always allow" writes the rule first; if it cannot, the call keeps waiting', async () => {
    const { broker, request, always } = setup();
    const pending = broker.request(request());
    broker.answer({ id: broker.list()[0]!.id, decision: 'allow', scope: 'always' }, 'dashboard');
    expect(always).toEqual(['cursor/fs/delete_file']);
    expect(await pending.outcome).toMatchObject({
      allow: true,
      reason: 'always allowed (a rule was added to the policy)',
    });

    const failing = setup({
      alwaysAllow: () => {
        throw new ApiError('invalid_argument', 'cannot write that rule');
      },
    });
    const held = failing.broker.request(failing.request('get_*'));
    expect(() =>
      failing.broker.answer({ id: failing.broker.list()[0]!.id, decision: 'allow', scope: 'always' }, 'cli'),
    ).toThrow('cannot write that rule');
    expect(failing.broker.list()).toHaveLength(1);
    expect(await settled(held.outcome)).toBeUndefined();
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
