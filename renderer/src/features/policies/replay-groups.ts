import type { ApiResult } from '../../../../shared/api';
import { decisionKind, type DecisionKind } from './tool-groups';

type Change = ApiResult<'policy:replay'>['changed'][number];

/** Recorded calls of one tool that a draft would decide the same other way, by the same rule. */
export interface ReplayGroup {
  key: string;
  server: string;
  tool: string;
  clients: string[];
  was: string;
  would: DecisionKind;
  rule: string;
  reason: string | undefined;
  count: number;
  /** Calls whose recorded arguments were redacted or cut. */
  incomplete: number;
  newest: number;
  /** Newest first. */
  calls: Change[];
}

/** The changed calls per tool and change, with counts, the group with the newest call first. */
export function groupReplay(changed: readonly Change[]): ReplayGroup[] {
  const groups = new Map<string, ReplayGroup>();
  for (const call of changed) {
    const would = decisionKind(call.draft);
    const key = JSON.stringify([call.server, call.tool, call.recorded.decision, would, call.draft.rule]);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        server: call.server,
        tool: call.tool,
        clients: [],
        was: call.recorded.decision,
        would,
        rule: call.draft.rule,
        reason: call.draft.reason,
        count: 0,
        incomplete: 0,
        newest: call.ts,
        calls: [],
      };
      groups.set(key, group);
    }
    group.count++;
    if (call.argsIncomplete) group.incomplete++;
    if (!group.clients.includes(call.client)) group.clients.push(call.client);
    group.newest = Math.max(group.newest, call.ts);
    group.calls.push(call);
  }
  const out = [...groups.values()];
  for (const group of out) {
    group.calls.sort((a, b) => b.ts - a.ts);
    group.clients.sort();
  }
  return out.sort((a, b) => b.newest - a.newest || a.key.localeCompare(b.key));
}
