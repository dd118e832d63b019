import type { PolicyIssue } from '../../../../shared/policy';
import { parsePointer } from './json-pointer';
import { placePath, type EntryPlace } from './policy-edit';
import { conditionKinds, type ConditionKind, type RuleForm } from './rule-form';

/**
 * The gateway's verdict on the document with this entry in it, turned into the form's terms: an
 * issue on a condition's test (`/servers/fs/tools/write/0/when/path/regex`) goes to that row's value
 * field (`rules.0.conditions.2.value`); other issues inside the entry are listed as they are. Issues
 * elsewhere in the document are not this form's to show.
 */
export function issueFields(
  issues: readonly PolicyIssue[],
  place: EntryPlace,
  forms: readonly RuleForm[],
): { fields: { field: string; message: string }[]; other: PolicyIssue[] } {
  const prefix = placePath(place);
  const fields: { field: string; message: string }[] = [];
  const other: PolicyIssue[] = [];
  for (const issue of issues) {
    const segments = parsePointer(issue.pointer);
    if (!segments || !prefix.every((key, i) => segments[i] === key)) continue;
    const field = conditionField(segments.slice(prefix.length), forms);
    if (field) fields.push({ field, message: issue.message });
    else other.push(issue);
  }
  return { fields, other };
}

function conditionField(rest: string[], forms: readonly RuleForm[]): string | undefined {
  let ruleIndex = 0;
  if (forms.length > 1) {
    if (!/^\d+$/.test(rest[0] ?? '')) return undefined;
    ruleIndex = Number(rest.shift());
  }
  const [kind, argument, ...test] = rest;
  const form = forms[ruleIndex];
  if (!form || !(conditionKinds as readonly string[]).includes(kind ?? '') || argument === undefined) {
    return undefined;
  }
  const negate = test[0] === 'not';
  const name = negate ? test[1] : test[0];
  const row = form.conditions.findIndex(
    (c) =>
      c.kind === (kind as ConditionKind) && c.path === argument && c.negate === negate && c.test === name,
  );
  return row < 0 ? undefined : `rules.${ruleIndex}.conditions.${row}.value`;
}
