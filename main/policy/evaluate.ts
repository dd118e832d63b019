import type { PolicyDecision, PolicyDocument } from '../../shared/policy';

export interface CallContext {
  client: string;
  server: string;
  tool: string;
  args: Record<string, unknown>;
}

/** Decide one tool call. The decision names the rule that made it, for the agent, the log and the UI. */
export function evaluate(policy: PolicyDocument, call: CallContext): PolicyDecision {
  const rule = Object.hasOwn(policy.tools, call.tool) ? policy.tools[call.tool] : undefined;
  if (rule) {
    return {
      action: rule.action ?? 'allow',
      rule: `tools.${call.tool}`,
      ...(rule.reason === undefined ? {} : { reason: rule.reason }),
    };
  }
  return { action: policy.default, rule: 'default' };
}
