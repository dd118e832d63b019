import type { Approval } from '../../../shared/approvals';
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
    grants: {
      always: {
        offered: true,
        revision: 3,
        path: 'clients.claude-desktop.servers.everything.tools.get-sum',
        entry: {
          action: 'allow',
          reason: 'always allowed from an approval on 1970-01-01, where tools.get-sum asked',
        },
        kept: [],
      },
      session: {
        offered: true,
        covers:
          'Calls to get-sum in this session that tools.get-sum sends for approval, until the session ends. Limits still count; a call another rule asks about still asks.',
      },
    },
    deadline: 121_000,
    ...overrides,
  };
}
