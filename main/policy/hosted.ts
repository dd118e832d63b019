import { applyEdits, modify, type JSONPath } from 'jsonc-parser';
import { HOSTED_APPROVAL, type PolicyDocument, type PolicyIssue, type ToolEntry } from '../../shared/policy';
import { toPointer } from './pointer';

/**
 * Whether a policy fits the hosted gateways' published policy.json shape, so it can be exported
 * back to them: `version`, `default` (allow or deny), `hide`, `tools` with `{}`, `action` allow,
 * deny, hide or approve (written `require_approval`) plus `reason`, `limits` (counter, window, max,
 * scope), a `rate_limit` block, `require` and `deny_if` left empty, and `all_tools.limits`. What
 * does not fit is listed, by JSON pointer, rather than silently dropped.
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
  // `require: []` and `deny_if: []` read as no conditions, so only conditions that say something are here.
  for (const key of ['when', 'require', 'deny_if'] as const) {
    if (entry[key] !== undefined) flag([...path, key], `"${key}" conditions`);
  }
  entry.limits?.forEach((limit, i) => {
    if (limit.on_exceed === 'approve')
      flag([...path, 'limits', String(i), 'on_exceed'], 'Asking for approval over a limit');
  });
}

/**
 * The saved text in the hosted shape, for a policy `hostedIssues` passed: only each `approve`
 * becomes `require_approval`, the hosted pages' words; every other byte stays as the person wrote
 * it. Our other spellings of approval are written the hosted way too.
 */
export function toHostedText(text: string, document: PolicyDocument): string {
  let out = text;
  const raw = JSON.parse(text) as { tools?: Record<string, { action?: unknown }> };
  for (const name of Object.keys(document.tools)) {
    const written = raw.tools && Object.hasOwn(raw.tools, name) ? raw.tools[name]?.action : undefined;
    if (
      document.tools[name] &&
      !Array.isArray(document.tools[name]) &&
      document.tools[name].action === 'approve'
    ) {
      if (written === HOSTED_APPROVAL) continue;
      const path: JSONPath = ['tools', name, 'action'];
      out = applyEdits(
        out,
        modify(out, path, HOSTED_APPROVAL, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
      );
    }
  }
  return out;
}
