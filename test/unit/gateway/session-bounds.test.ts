import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit';
import type { PolicyDocumentInput } from '../../../shared/policy';
import type { Timers } from '../../../main/gateway/in-flight';
import {
  ERROR_RULE,
  MAX_BACKLOG_BYTES,
  MAX_IN_FLIGHT,
  MAX_WAITING_APPROVALS,
  REFUSED_RULE,
  Session,
  type PendingApproval,
  type SessionDeps,
} from '../../../main/gateway/session';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';

/** Timers moved by hand. */
function manualTimers() {
  let now = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (run, ms) => {
      due.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [handle, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= now && due.delete(handle)) timer.run();
    }
  };
  return { timers, advance };
}

interface Options {
  policy?: PolicyDocumentInput;
  deps?: Partial<SessionDeps>;
  attach?: boolean;
}

/** A session between two recording ends, with no SDK in the way: every byte is visible. */
function harness(options: Options = {}) {
  const service = new PolicyService(openStore(':memory:'));
  service.save(JSON.stringify(options.policy ?? { version: '1', default: 'allow', tools: {} }), 'test');
  const toClient: Record<string, unknown>[] = [];
  const toServer: { line: string; framed: Buffer | undefined }[] = [];
  const audit: AuditEntry[] = [];
  const flow = { clientAccepts: true, serverAccepts: true, clientBacklog: 0, serverBacklog: 0 };
  const events: string[] = [];
  const { timers, advance } = manualTimers();
  const session = new Session(
    'cursor',
    'fixture',
    'stdio',
    {
      send: (line) => {
        toClient.push(JSON.parse(line) as Record<string, unknown>);
        return flow.clientAccepts;
      },
      close: () => void events.push('client closed'),
      buffered: () => flow.clientBacklog,
      pauseReading: () => void events.push('client paused'),
      resumeReading: () => void events.push('client resumed'),
    },
    {
      decide: (call) => service.decide(call),
      isHidden: () => false,
      audit: (e) => audit.push(e),
      onCall: () => undefined,
      now: () => 1000,
      clock: () => 0,
      timers,
      callTimeoutMs: () => 10_000,
      ...options.deps,
    },
  );
  const upstream = {
    send: (line: string, framed?: Buffer) => {
      toServer.push({ line, framed });
      return flow.serverAccepts;
    },
    buffered: () => flow.serverBacklog,
    pause: () => void events.push('server paused'),
    resume: () => void events.push('server resumed'),
    close: async () => void events.push('server closed'),
  };
  if (options.attach !== false) session.attach(upstream);
  const call = (id: unknown, name = 'echo', extra: Record<string, unknown> = {}) =>
    session.fromClient(
      JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {}, ...extra } }),
    );
  const fromServer = (m: Record<string, unknown>) =>
    session.fromServer(JSON.stringify({ jsonrpc: '2.0', ...m }));
  return { session, service, toClient, toServer, audit, flow, events, advance, upstream, call, fromServer };
}

describe('a call the server never answers', () => {
  it('gets an error after the timeout, the server is told to cancel, and a late answer is dropped', () => {
    const h = harness();
    h.call(7);
    expect(h.toServer).toHaveLength(1);
    h.advance(9_999);
    expect(h.toClient).toHaveLength(0);
    h.advance(1);
    expect(h.toClient).toEqual([
      {
        jsonrpc: '2.0',
        id: 7,
        error: {
          code: -32001,
          message: 'Portcullis: the server "fixture" did not answer within 10 s, so the call was stopped.',
        },
      },
    ]);
    expect(JSON.parse(h.toServer[1]!.line)).toMatchObject({
      method: 'notifications/cancelled',
      params: { requestId: 7 },
    });
    expect(h.audit).toMatchObject([
      { tool: 'echo', isError: true, error: 'timed out after 10 s: the server did not answer' },
    ]);
    h.fromServer({ id: 7, result: { content: [] } });
    expect(h.toClient).toHaveLength(1);
  });

  it('keeps waiting while the server reports progress on it', () => {
    const h = harness();
    h.call(8, 'echo', { _meta: { progressToken: 'p-8' } });
    h.advance(8_000);
    h.fromServer({ method: 'notifications/progress', params: { progressToken: 'p-8', progress: 1 } });
    h.advance(8_000);
    expect(h.toClient.filter((m) => 'error' in m)).toHaveLength(0);
    h.fromServer({ id: 8, result: { content: [] } });
    expect(h.audit).toMatchObject([{ tool: 'echo', isError: false }]);
    h.advance(60_000);
    expect(h.toClient.filter((m) => 'error' in m)).toHaveLength(0);
  });

  it("does not let another token's progress keep it alive", () => {
    const h = harness();
    h.call(9, 'echo', { _meta: { progressToken: 'mine' } });
    h.advance(8_000);
    h.fromServer({ method: 'notifications/progress', params: { progressToken: 'theirs', progress: 1 } });
    h.advance(2_000);
    expect(h.toClient.at(-1)).toMatchObject({ id: 9, error: { code: -32001 } });
  });
});

describe('faults end cleanly', () => {
  it('denies, and says so, when the policy engine throws', () => {
    const h = harness({
      deps: {
        decide: () => {
          throw new Error('counter table is locked');
        },
      },
    });
    h.call(1);
    expect(h.toServer).toHaveLength(0);
    expect(JSON.stringify(h.toClient[0])).toContain(
      'Portcullis could not evaluate the policy (counter table is locked), so the call is denied',
    );
    expect(h.audit[0]).toMatchObject({ decision: 'deny', rule: ERROR_RULE });
  });

  it('denies when counting the call against its limits fails', () => {
    const h = harness({
      deps: {
        decide: () => ({
          decision: { action: 'allow', rule: 'default' },
          commit: () => {
            throw new Error('disk full');
          },
        }),
      },
    });
    h.call(1);
    expect(h.toServer).toHaveLength(0);
    expect(JSON.stringify(h.toClient[0])).toContain(
      'could not count the call against its limits (disk full)',
    );
  });

  it('stays to tell the client why when its server never started, then ends only when the client leaves', () => {
    const h = harness({ attach: false });
    expect(h.session.upstreamClosed('could not be started: command "nope" was not found')).toBe(false);
    h.session.fromClient('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}');
    expect(h.toClient[0]).toMatchObject({
      id: 1,
      error: {
        message: 'Portcullis: the server "fixture" could not be started: command "nope" was not found.',
      },
    });
    expect(h.events).not.toContain('client closed');
  });

  it('ends at once when a server that had answered goes away', () => {
    const h = harness();
    h.session.fromClient('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    h.fromServer({ id: 1, result: {} });
    expect(h.session.upstreamClosed('exited with code 1')).toBe(true);
    expect(h.events).toContain('client closed');
  });
});

describe('bounded resources', () => {
  it('stops reading the client while the server is not keeping up, and resumes when it drains', () => {
    const h = harness();
    h.flow.serverAccepts = false;
    h.call(1);
    expect(h.events).toEqual(['client resumed', 'client paused']);
    h.session.serverDrained();
    expect(h.events.at(-1)).toBe('client resumed');
  });

  it('stops reading the server while the client is not keeping up, and resumes when it drains', () => {
    const h = harness();
    h.flow.clientAccepts = false;
    h.fromServer({ method: 'notifications/message', params: { level: 'info', data: 'x' } });
    expect(h.events.at(-1)).toBe('server paused');
    h.session.clientDrained();
    expect(h.events.at(-1)).toBe('server resumed');
  });

  it('ends the session, not the gateway, when a client stops reading past the cap', () => {
    const h = harness();
    h.call(1);
    h.flow.clientBacklog = MAX_BACKLOG_BYTES + 1;
    h.fromServer({ method: 'notifications/message', params: { level: 'info', data: 'x' } });
    expect(h.events).toContain('client closed');
    expect(h.session.ending).toMatch(/the client stopped reading; \d+ bytes were waiting for it/);
    expect(h.audit[0]).toMatchObject({
      tool: 'echo',
      isError: true,
      error: expect.stringContaining('Portcullis ended the session'),
    });
  });

  it('ends the session when a server stops reading past the cap', () => {
    const h = harness();
    h.flow.serverBacklog = MAX_BACKLOG_BYTES + 1;
    h.session.fromClient('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    expect(h.session.ending).toMatch(/the server "fixture" stopped reading/);
  });

  it('stops reading a client that sends too much before the server is up', () => {
    const h = harness({ attach: false });
    const big = `{"jsonrpc":"2.0","method":"notifications/x","params":{"d":"${'x'.repeat(1024 * 1024)}"}}`;
    for (let i = 0; i < 9; i++) h.session.fromClient(big);
    expect(h.events).toContain('client paused');
    h.session.attach(h.upstream);
    expect(h.toServer).toHaveLength(9);
    expect(h.events.at(-1)).toBe('client resumed');
  });

  it('refuses requests past the in-flight cap, and calls among them are audited', () => {
    const h = harness();
    for (let i = 0; i < MAX_IN_FLIGHT; i++)
      h.session.fromClient(`{"jsonrpc":"2.0","id":${i},"method":"ping"}`);
    expect(h.toServer).toHaveLength(MAX_IN_FLIGHT);
    h.session.fromClient(`{"jsonrpc":"2.0","id":"one-more","method":"ping"}`);
    h.call('and-a-call');
    expect(h.toServer).toHaveLength(MAX_IN_FLIGHT);
    expect(h.toClient.map((m) => m.id)).toEqual(['one-more', 'and-a-call']);
    expect(h.audit).toMatchObject([{ tool: 'echo', rule: REFUSED_RULE }]);
  });

  it('caps the calls of one session waiting for the person', () => {
    const requested: string[] = [];
    const h = harness({
      policy: { version: '1', default: 'approve', tools: {} },
      deps: {
        requestApproval: (request): PendingApproval => {
          requested.push(request.call.id);
          return { outcome: new Promise(() => undefined), withdraw: () => undefined };
        },
      },
    });
    for (let i = 0; i <= MAX_WAITING_APPROVALS; i++) h.call(i);
    expect(requested).toHaveLength(MAX_WAITING_APPROVALS);
    expect(JSON.stringify(h.toClient)).toContain(
      `${MAX_WAITING_APPROVALS} calls of this session are already waiting`,
    );
  });

  it('answers an oversized message with its own id, and audits a tool call among them', () => {
    const h = harness();
    h.session.oversized(
      70_000_000,
      '{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"name":"echo","arguments":{"data":"xxxx',
    );
    expect(h.toClient[0]).toMatchObject({ id: 'big-1', error: { code: -32600 } });
    expect(h.audit).toMatchObject([{ rule: REFUSED_RULE, decision: 'deny' }]);
    h.session.oversized(70_000_000, '{"jsonrpc":"2.0","method":"notifications/x","params":{"d":"');
    expect(h.toClient[1]).toMatchObject({ id: null });
  });

  it('fails the call an oversized or ambiguous server answer was for', () => {
    const h = harness();
    h.call(1);
    h.call(2);
    h.session.serverOversized(
      70_000_000,
      '{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"aaa',
    );
    h.session.fromServer('{"jsonrpc":"2.0","id":2,"result":{"isError":false,"isError":true}}');
    expect(h.toClient).toMatchObject([
      { id: 1, error: { message: expect.stringContaining('larger than the') } },
      { id: 2, error: { message: expect.stringContaining('"isError" appears twice') } },
    ]);
    expect(h.audit.map((a) => a.isError)).toEqual([true, true]);
  });
});

describe('what reaches the server', () => {
  it('is the same JSON value with nothing a line reader could split at', () => {
    const h = harness();
    const line = '{"jsonrpc":"2.0","id":1,\r"method":"ping","params":{"note":"a\u2028b\u2029c\u0085d"}}';
    h.session.fromClient(line, Buffer.from(`${line}\n`));
    const sent = h.toServer[0]!;
    expect(sent.framed).toBeUndefined();
    expect(sent.line).not.toMatch(/[\r\u0085\u2028\u2029]/);
    expect(JSON.parse(sent.line)).toEqual(JSON.parse(line));
  });

  it('is the exact bytes when there is nothing to change', () => {
    const h = harness();
    const line = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    const framed = Buffer.from(`${line}\n`);
    h.session.fromClient(line, framed);
    expect(h.toServer[0]!.framed).toBe(framed);
  });
});

describe('the roots a client declares', () => {
  it('are read from its answer to the server, and only that answer', () => {
    const h = harness();
    h.fromServer({ id: 'r1', method: 'roots/list' });
    h.session.fromClient('{"jsonrpc":"2.0","id":"r2","result":{"roots":[{"uri":"file:///tmp/not-asked"}]}}');
    expect(h.session.roots()).toEqual([]);
    h.session.fromClient(
      '{"jsonrpc":"2.0","id":"r1","result":{"roots":[{"uri":"file:///home/me/project"},{"uri":"https://x"}]}}',
    );
    expect(h.session.roots()).toEqual(['/home/me/project']);
  });
});
