import type { Approval } from '../../../shared/approvals';
import type { AuditRow } from '../../../shared/audit';
import type { LiveCall } from '../../../shared/events';

export function liveCall(overrides: Partial<LiveCall> & Pick<LiveCall, 'id'>): LiveCall {
  return {
    sessionId: 's-1',
    client: 'cursor',
    server: 'everything',
    tool: 'echo',
    argsPreview: '{"message":"hi"}',
    startedAt: 1_000,
    decision: 'allow',
    rule: 'default',
    status: 'pending',
    ...overrides,
  };
}

export function auditRow(overrides: Partial<AuditRow> & Pick<AuditRow, 'id'>): AuditRow {
  return {
    ts: 1_000 + overrides.id,
    kind: 'call',
    event: 'tools/call',
    client: 'cursor',
    server: 'everything',
    tool: 'echo',
    args: '{"message":"hi"}',
    decision: 'allow',
    rule: 'default',
    reason: null,
    latencyMs: 3.25,
    isError: false,
    resultBytes: 120,
    error: null,
    sessionId: 's-1',
    detail: null,
    shadow: null,
    hash: 'ab'.repeat(32),
    ...overrides,
  };
}

export function approval(overrides: Partial<Approval> & Pick<Approval, 'id'>): Approval {
  return {
    callId: `call-${overrides.id}`,
    sessionId: 's-1',
    client: 'claude-desktop',
    server: 'everything',
    tool: 'get-sum',
    args: '{"a":2,"b":40}',
    risk: { category: 'Read', risk: 'Low', reason: 'name starts with "get"' },
    rule: 'tools.get-sum',
    requestedAt: 1_000,
    deadline: 121_000,
    ...overrides,
  };
}
