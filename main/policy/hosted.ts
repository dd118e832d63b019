import type { PolicyDocument, PolicyIssue, ToolEntry } from '../../shared/policy';
import { toPointer } from './pointer';

/**
 * Whether a policy fits the hosted gateways' published policy.json shape, so it can be exported
 * back to them: `version`, `default`, `tools` with `{}`, `action` allow/deny/hide plus `reason`,
 * `limits` (counter, window, max, scope), and `all_tools.limits`. What does not fit is listed, by
 * JSON pointer, rather than silently dropped.
 */
export function hostedIssues(document: PolicyDocument): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const portcullisOnly = (path: string[], what: string) =>
    issues.push({ pointer: toPointer(path), message: `${what} has no equivalent in the hosted format.` });

  for (const key of ['servers', 'clients', 'flagged', 'reason', 'name', 'description', '$schema'] as const) {
    if (document[key] !== undefined) portcullisOnly([key], `"${key}"`);
  }
  if (document.default === 'approve') portcullisOnly(['default'], 'A default of "approve"');
  document.all_tools?.limits.forEach((limit, i) => {
    if (limit.on_exceed === 'approve')
      portcullisOnly(['all_tools', 'limits', String(i), 'on_exceed'], 'Asking for approval over a limit');
  });
  for (const [name, entry] of Object.entries(document.tools))
    checkEntry(['tools', name], entry, portcullisOnly);
  return issues;
}

function checkEntry(path: string[], entry: ToolEntry, flag: (path: string[], what: string) => void): void {
  if (Array.isArray(entry)) {
    flag(path, 'A list of rules for one tool');
    return;
  }
  if (entry.action === 'approve') flag([...path, 'action'], 'The "approve" action');
  for (const key of ['when', 'require', 'deny_if'] as const) {
    if (entry[key] !== undefined) flag([...path, key], `"${key}" conditions`);
  }
  entry.limits?.forEach((limit, i) => {
    if (limit.on_exceed === 'approve')
      flag([...path, 'limits', String(i), 'on_exceed'], 'Asking for approval over a limit');
  });
}
