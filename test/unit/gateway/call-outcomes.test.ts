import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeOutcome, type AuditEntry } from '../../../shared/audit';
import type { LiveCall } from '../../../shared/events';
import type { PolicyDocumentInput } from '../../../shared/policy';
import { ApprovalBroker, systemClock } from '../../../main/approvals/broker';
import { Session } from '../../../main/gateway/session';
import type { ApprovalOutcome } from '../../../main/gateway/session-types';
import { PolicyService } from '../../../main/policy/policy-service';
import { openStore } from '../../../main/store';

/**
 * A real SDK client and server with a Session between them, a real approval broker and a real
 * in-memory store: every way a call can end, as the audit log words it.
 */
async function harness(
  policy: PolicyDocumentInput,
  options: {
    begin?: (e: AuditEntry) => void;
    deadlineMs?: number;
    callTimeoutMs?: number;
    /** Tools whose definition waits for review (main/trust), and the person's answers to it. */
    review?: Map<string, (outcome: ApprovalOutcome) => void>;
    /** Held calls refused without waiting, as announced. */
    refusedHeld?: string[];
  } = {},
) {
  const store = openStore(':memory:');
  const service = new PolicyService(store);
  service.save(JSON.stringify(policy), 'test');
  const broker = new ApprovalBroker({
    clock: systemClock,
    deadlineMs: () => options.deadlineMs ?? 60_000,
    classify: () => ({ category: 'Write', risk: 'Medium', reason: 'test' }),
    askedBy: () => undefined,
    grants: (call, at) => service.grantsFor(call, at),
    alwaysAllow: (approval, by) =>
      service.allowAlways(approval, approval.requestedAt, approval.grants.always, by),
    onEvent: () => undefined,
  });
  const [clientSide, gatewayDown] = InMemoryTransport.createLinkedPair();
  const [gatewayUp, serverSide] = InMemoryTransport.createLinkedPair();
  const audit: AuditEntry[] = [];
  const begun: { entry: AuditEntry; serverHadSeen: number }[] = [];
  const calls: LiveCall[] = [];
  const reachedServer: string[] = [];
  const session = new Session(
    'cursor',
    'fixture',
    'stdio',
    {
      send: (line) => (void gatewayDown.send(JSON.parse(line) as JSONRPCMessage), true),
      close: () => undefined,
      buffered: () => 0,
      pauseReading: () => undefined,
      resumeReading: () => undefined,
    },
    {
      decide: (call) => service.decide(call),
      isHidden: () => false,
      requestApproval: (request) => broker.request(request),
      audit: (e) => audit.push(e),
      begin: (e) => {
        options.begin?.(e);
        begun.push({ entry: e, serverHadSeen: reachedServer.filter((l) => l.includes('tools/call')).length });
      },
      onCall: (c) => calls.push(c),
      now: () => Date.now(),
      clock: () => performance.now(),
      ...(options.callTimeoutMs ? { callTimeoutMs: () => options.callTimeoutMs! } : {}),
      ...(options.review
        ? {
            held: (tool: string) =>
              options.review!.has(tool)
                ? { rule: 'trust.changed', reason: 'changed', waits: true }
                : undefined,
            heldRefused: (tool: string, hold: { reason: string }) =>
              options.refusedHeld?.push(`${tool}: ${hold.reason}`),
            awaitReview: (tool: string) => ({
              outcome: new Promise<ApprovalOutcome>((done) => options.review!.set(tool, done)),
              withdraw: () => undefined,
            }),
          }
        : {}),
    },
  );
  gatewayDown.onmessage = (m) => session.fromClient(JSON.stringify(m));
  gatewayUp.onmessage = (m) => session.fromServer(JSON.stringify(m));
  await gatewayDown.start();
  await gatewayUp.start();
  session.attach({
    send: (line) => {
      reachedServer.push(line);
      void gatewayUp.send(JSON.parse(line) as JSONRPCMessage);
      return true;
    },
    close: async () => undefined,
  });
  const server = new McpServer({ name: 'fixture', version: '1.0.0' });
  server.registerTool('echo', { inputSchema: { message: z.string() } }, async ({ message }) => ({
    content: [{ type: 'text', text: message }],
  }));
  server.registerTool('fail', { inputSchema: {} }, async () => ({
    content: [{ type: 'text', text: 'disk full on /srv' }],
    isError: true,
  }));
  server.registerTool('hang', { inputSchema: {} }, () => new Promise(() => undefined));
  await server.connect(serverSide);
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(clientSide);
  const waiting = async () => {
    for (let i = 0; i < 200 && broker.list().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    return broker.list()[0]!;
  };
  const last = async () => {
    for (let i = 0; i < 200 && audit.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    return audit.at(-1)!;
  };
  return { session, client, broker, audit, begun, calls, reachedServer, waiting, last };
}

const allow: PolicyDocumentInput = { version: '1', default: 'allow', tools: {} };
const ask: PolicyDocumentInput = { version: '1', default: 'approve', tools: {} };

describe('how a call ended, in the audit log', () => {
  it('allowed by a rule: committed as in flight before the server saw it, with a result preview', async () => {
    const h = await harness(allow);
    await h.client.callTool({ name: 'echo', arguments: { message: 'the answer is 42' } });
    expect(h.begun).toHaveLength(1);
    expect(h.begun[0]!.serverHadSeen).toBe(0);
    expect(h.begun[0]!.entry).toMatchObject({ tool: 'echo', outcome: 'unknown', callId: h.calls[0]!.id });
    expect(h.audit[0]).toMatchObject({
      outcome: 'allowed',
      resultPreview: 'the answer is 42',
      callId: h.calls[0]!.id,
      approver: null,
      scope: null,
    });
    expect(h.calls.at(-1)).toMatchObject({ status: 'ok', outcome: 'allowed' });
  });

  it("the server's own error, with its text", async () => {
    const h = await harness(allow);
    await h.client.callTool({ name: 'fail', arguments: {} });
    expect(h.audit[0]).toMatchObject({ outcome: 'server_error', error: 'disk full on /srv', isError: true });
    expect(describeOutcome(h.audit[0]! as never)).toBe("the server's error: disk full on /srv");
  });

  it('denied by a rule, and over a rate limit: never forwarded, nothing in flight', async () => {
    const h = await harness({
      version: '1',
      default: 'allow',
      tools: { fail: { action: 'deny', reason: 'no' }, echo: { limits: [{ window: 'minute', max: 1 }] } },
    });
    await h.client.callTool({ name: 'fail', arguments: {} });
    await h.client.callTool({ name: 'echo', arguments: { message: 'a' } });
    await h.client.callTool({ name: 'echo', arguments: { message: 'b' } });
    expect(h.audit.map((e) => e.outcome)).toEqual(['denied', 'allowed', 'rate_limited']);
    expect(h.begun).toHaveLength(1);
  });

  it('allowed by the person: once, for the session; approver and scope in their own columns', async () => {
    const h = await harness(ask);
    const first = h.client.callTool({ name: 'echo', arguments: { message: 'a' } });
    h.broker.answer({ id: (await h.waiting()).id, decision: 'allow', scope: 'once' }, 'popup');
    await first;
    expect(h.audit[0]).toMatchObject({
      outcome: 'approved',
      approver: 'popup',
      scope: 'once',
      reason: 'allowed once',
    });
    expect(describeOutcome(h.audit[0]! as never)).toBe('allowed by the person (once, from the popup)');

    const second = h.client.callTool({ name: 'echo', arguments: { message: 'b' } });
    h.broker.answer({ id: (await h.waiting()).id, decision: 'allow', scope: 'session' }, 'dashboard');
    await second;
    await h.client.callTool({ name: 'echo', arguments: { message: 'c' } });
    expect(h.audit.slice(1).map((e) => [e.outcome, e.approver, e.scope])).toEqual([
      ['approved', 'dashboard', 'session'],
      ['approved', 'session grant', 'session'],
    ]);
  });

  it('denied by the person, with their reason', async () => {
    const h = await harness(ask);
    const call = h.client.callTool({ name: 'echo', arguments: { message: 'a' } });
    h.broker.answer({ id: (await h.waiting()).id, decision: 'deny', reason: 'not on a Friday' }, 'cli');
    expect((await call).isError).toBe(true);
    expect(h.audit[0]).toMatchObject({
      outcome: 'rejected',
      approver: 'cli',
      scope: null,
      reason: 'not on a Friday',
    });
    expect(describeOutcome(h.audit[0]! as never)).toBe(
      'denied by the person (from the cli): not on a Friday',
    );
    expect(h.reachedServer.some((l) => l.includes('tools/call'))).toBe(false);
  });

  it('not approved in time, and withdrawn by the client', async () => {
    const h = await harness(ask, { deadlineMs: 30 });
    await h.client.callTool({ name: 'echo', arguments: { message: 'a' } });
    expect(h.audit[0]).toMatchObject({ outcome: 'approval_timeout', approver: null });

    const controller = new AbortController();
    const call = h.client.callTool({ name: 'echo', arguments: { message: 'b' } }, undefined, {
      signal: controller.signal,
    });
    await h.waiting();
    controller.abort('changed my mind');
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 100 && h.audit.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(h.audit[1]).toMatchObject({
      outcome: 'withdrawn',
      error: expect.stringMatching(/client cancelled/),
    });
  });

  it('held for a review of its definition: then decided by the policy, or refused by the person', async () => {
    const review = new Map<string, (outcome: ApprovalOutcome) => void>([['echo', () => undefined]]);
    const h = await harness(ask, { review });
    const call = h.client.callTool({ name: 'echo', arguments: { message: 'a' } });
    for (let i = 0; i < 200 && h.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(h.calls.at(-1)).toMatchObject({ status: 'waiting', decision: 'approve', rule: 'trust.changed' });
    expect(h.broker.list()).toHaveLength(0);
    // Accepted: the policy now decides it as if it had just arrived, and asks the person.
    review.get('echo')!({ allow: true, reason: 'accepted', by: 'review' });
    const approval = await h.waiting();
    expect(approval).toMatchObject({ tool: 'echo', rule: 'default' });
    h.broker.answer({ id: approval.id, decision: 'allow', scope: 'once' }, 'dashboard');
    await call;
    expect(h.audit[0]).toMatchObject({ outcome: 'approved', rule: 'default', decision: 'approve' });
    expect(h.reachedServer.filter((l) => l.includes('tools/call'))).toHaveLength(1);

    const refused = h.client.callTool({ name: 'echo', arguments: { message: 'b' } });
    for (let i = 0; i < 200 && h.calls.at(-1)?.status !== 'waiting'; i++)
      await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    review.get('echo')!({ allow: false, reason: 'the person rejected its definition', by: 'dashboard' });
    expect(JSON.stringify(await refused)).toContain(
      'the person rejected its definition (rule: trust.changed)',
    );
    // Recorded like a refused approval: who answered, their words, and how long the call waited.
    expect(h.audit[1]).toMatchObject({
      outcome: 'rejected',
      rule: 'trust.changed',
      approver: 'dashboard',
      reason: 'the person rejected its definition',
    });
    expect(h.audit[1]!.latencyMs).toBeGreaterThanOrEqual(15);
    expect(h.reachedServer.filter((l) => l.includes('tools/call'))).toHaveLength(1);
  });

  it('held for a review: at most 32 calls of a session wait, the rest are refused at once', async () => {
    const review = new Map<string, (outcome: ApprovalOutcome) => void>([['echo', () => undefined]]);
    const refusedHeld: string[] = [];
    const h = await harness(allow, { review, refusedHeld });
    const calls = Array.from({ length: 33 }, (_, i) =>
      h.client.callTool({ name: 'echo', arguments: { message: String(i) } }).then(
        (result) => JSON.stringify(result),
        (error: Error) => error.message,
      ),
    );
    // The 33rd is refused without waiting; the others wait for the person.
    expect(await Promise.race(calls)).toContain('[POLICY DENIED]');
    expect(h.calls.filter((c) => c.status === 'waiting')).toHaveLength(32);
    expect(h.audit).toMatchObject([{ rule: 'trust.changed', outcome: 'denied' }]);
    // Said, not silent: the refusal names why it could not wait.
    expect(refusedHeld).toEqual([
      'echo: 32 calls of this session are already waiting for the person; changed',
    ]);
    expect(h.reachedServer.filter((l) => l.includes('tools/call'))).toHaveLength(0);
    // The client goes away: every waiting call is withdrawn and recorded, none reaches the server.
    h.session.close();
    for (let i = 0; i < 200 && h.audit.length < 33; i++) await new Promise((r) => setTimeout(r, 5));
    expect(h.audit.filter((row) => row.outcome === 'withdrawn')).toHaveLength(32);
    expect(h.reachedServer.filter((l) => l.includes('tools/call'))).toHaveLength(0);
    await h.client.close();
  });

  it('timed out at the server, and withdrawn while at the server', async () => {
    const h = await harness(allow, { callTimeoutMs: 30 });
    await expect(h.client.callTool({ name: 'hang', arguments: {} })).rejects.toThrow(/did not answer/);
    expect(h.audit[0]).toMatchObject({
      outcome: 'timed_out',
      error: expect.stringMatching(/did not answer/),
    });
  });

  it('outcome unknown when the gateway stops while the call is at the server', async () => {
    const h = await harness(allow);
    void h.client.callTool({ name: 'hang', arguments: {} }).catch(() => undefined);
    for (let i = 0; i < 100 && h.begun.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    h.session.close('Portcullis is shutting down', 'unknown');
    expect(h.audit[0]).toMatchObject({ outcome: 'unknown', error: 'Portcullis is shutting down' });
  });

  it('a Portcullis error when the call cannot be recorded first: it is not forwarded', async () => {
    const h = await harness(allow, {
      begin: () => {
        throw new Error('disk I/O error');
      },
    });
    const result = await h.client.callTool({ name: 'echo', arguments: { message: 'a' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(
      /could not record the call in its audit log \(disk I\/O error\)/,
    );
    expect(h.audit[0]).toMatchObject({ outcome: 'portcullis_error' });
    expect(h.reachedServer.some((l) => l.includes('tools/call'))).toBe(false);
  });

  it('refused: a malformed call is recorded with its own word', async () => {
    const h = await harness(allow);
    h.session.fromClient(
      '{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"echo","arguments":[1]}}',
    );
    expect(await h.last()).toMatchObject({ outcome: 'refused', rule: 'portcullis.refused' });
  });

  it('keeps secrets out of the result preview, and caps it', async () => {
    const h = await harness(allow);
    const secret = `ghp_${'a'.repeat(36)}`;
    await h.client.callTool({ name: 'echo', arguments: { message: `token ${secret} ${'x'.repeat(5000)}` } });
    const preview = h.audit[0]!.resultPreview!;
    expect(preview).not.toContain(secret);
    expect(preview).toContain('[REDACTED]');
    expect(preview.length).toBeLessThanOrEqual(2001);
  });
});
