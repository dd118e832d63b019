import { useState } from 'react';
import type { PolicyIssue } from '../../../../shared/policy';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { issueFields } from './issue-fields';
import { describeEntryChange, entryAt, placeName, type EntryInput, type EntryPlace } from './policy-edit';
import { writeEntry } from './policy-text';
import { ReplayPreview } from './replay-preview';
import { RuleFields } from './rule-fields';
import { entryToForms, formsToEntry, newRuleForm, type RuleForm } from './rule-form';
import type { ActivePolicyView, SavedChange } from './tool-row';
import { refusalIssues, usePolicyCheck, useSavePolicy } from './use-policy';

function formsOf(entry: EntryInput | undefined): RuleForm[] | string {
  const converted = entryToForms(entry);
  if (!converted.ok) return converted.reason;
  return converted.forms.length > 0 ? converted.forms : [newRuleForm()];
}

/**
 * The rules of one entry (one rule, or several tried in order), as forms, saved at `place` as a new
 * revision, changing only that part of the document's text. `start` is what a place with no entry
 * yet starts from. What the person did not touch is written back exactly as it was.
 */
export function EntryForm({
  place,
  policy,
  start,
  creating,
  governingIndex,
  onSaved,
}: {
  place: EntryPlace;
  policy: ActivePolicyView;
  start: EntryInput;
  /** A rule written at a narrower place than the one that governs now. */
  creating: boolean;
  /** In a list of rules, the one that governs calls no condition picks. */
  governingIndex: number | undefined;
  onSaved: (change: SavedChange) => void;
}) {
  const entry = entryAt(policy.doc, place);
  const [base, setBase] = useState(() => ({ entry, forms: formsOf(entry ?? start) }));
  const [forms, setForms] = useState(base.forms);
  const [attempted, setAttempted] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const save = useSavePolicy();
  const name = placeName(place);

  const result = typeof forms === 'string' ? undefined : formsToEntry(forms);
  const candidate = result?.ok ? writeEntry(policy.text, place, result.value) : policy.text;
  // The gateway judges what only it can (RE2 patterns, absolute folders), as the person types.
  const check = usePolicyCheck(candidate);

  const stale = JSON.stringify(entry) !== JSON.stringify(base.entry);
  const reload = () => {
    const next = { entry, forms: formsOf(entry ?? start) };
    setBase(next);
    setForms(next.forms);
    setAttempted(false);
    setPreviewing(false);
    save.reset();
  };

  if (typeof forms === 'string') {
    return (
      <p data-testid="rule-beyond-form">
        The rule at <code>{name}</code> uses what this form cannot show: {forms} Edit it in the Document tab.
      </p>
    );
  }

  const engine = check.current ? issueFields(check.issues, place, forms) : { fields: [], other: [] };
  const errors = new Map([
    ...(attempted && result && !result.ok ? result.errors.map((e) => [e.field, e.message] as const) : []),
    ...engine.fields.map((e) => [e.field, e.message] as const),
  ]);
  const newHere = entry === undefined;
  const dirty = newHere || JSON.stringify(forms) !== JSON.stringify(base.forms);
  const refused = check.current && !check.valid;

  const commit = (next: EntryInput | undefined) => {
    save.mutate(
      {
        document: writeEntry(policy.text, place, next),
        baseRevision: policy.revision,
        what: next === undefined ? `rule ${name} removed` : `rule ${name}`,
      },
      {
        onSuccess: ({ revision }) => {
          const lines = describeEntryChange(entry, next);
          if (newHere && next !== undefined) lines.push(`Written at ${name}.`);
          onSaved({ revision, lines, place, before: entry, after: next });
          const saved = next === undefined ? formsOf(start) : formsOf(next);
          setBase({ entry: next, forms: saved });
          setForms(saved);
          setPreviewing(false);
          setAttempted(false);
        },
      },
    );
  };
  const onSave = () => {
    setAttempted(true);
    if (result?.ok && !refused) commit(result.value);
  };
  const onPreview = () => {
    setAttempted(true);
    if (result?.ok && !refused) setPreviewing(true);
  };
  const setForm = (index: number, form: RuleForm) => {
    setForms(forms.map((f, i) => (i === index ? form : f)));
    setPreviewing(false);
  };
  const move = (index: number) => {
    const next = forms.slice();
    [next[index - 1], next[index]] = [next[index]!, next[index - 1]!];
    setForms(next);
  };

  return (
    <div className="entry-form" data-testid="entry-form" data-place={name}>
      {creating ? (
        <p className="muted small">
          {newHere ? 'A new rule at ' : 'The rule already at '}
          <code>
            <Visible text={name} />
          </code>
          {newHere ? ', starting as a copy of the rule that decides now.' : '.'}
        </p>
      ) : null}
      {stale ? (
        <p className="warning-text" data-testid="rule-stale">
          This rule changed since you opened it.{' '}
          <button type="button" className="link-button" onClick={reload}>
            Load the current rule
          </button>{' '}
          (your edits here are dropped).
        </p>
      ) : null}
      {forms.length > 1 ? (
        <p className="muted small">
          Rules are tried in order: the first whose “applies only when” conditions match the call decides.
        </p>
      ) : null}
      {forms.map((form, index) => (
        <div
          className={`rule-card${index === governingIndex ? ' rule-card-governing' : ''}`}
          key={index}
          data-testid="rule-card"
        >
          {forms.length > 1 ? (
            <div className="rule-card-header">
              <h4>
                Rule {index + 1}
                {index === governingIndex ? (
                  <span className="tag tag-after">decides calls no condition above picks</span>
                ) : null}
              </h4>
              <div className="actions">
                {index > 0 ? (
                  <button type="button" className="button button-small" onClick={() => move(index)}>
                    Move up
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setForms(forms.filter((_, i) => i !== index))}
                >
                  Remove this rule
                </button>
              </div>
            </div>
          ) : null}
          <RuleFields
            form={form}
            onChange={(next) => setForm(index, next)}
            errors={errors}
            prefix={`rules.${index}.`}
          />
        </div>
      ))}

      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="rule-save"
          disabled={!dirty || save.isPending || forms.length === 0 || refused}
          onClick={onSave}
        >
          {save.isPending ? 'Saving…' : newHere ? 'Save this rule' : 'Save rule'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="rule-preview"
          disabled={!dirty || forms.length === 0 || refused}
          onClick={onPreview}
        >
          Preview against recent calls
        </button>
        <button type="button" className="button" onClick={() => setForms([...forms, newRuleForm()])}>
          Add a rule after
        </button>
        {!newHere ? (
          <button
            type="button"
            className="button"
            data-testid="rule-remove"
            disabled={save.isPending}
            onClick={() => commit(undefined)}
          >
            Remove the rule here
          </button>
        ) : null}
        {dirty && !newHere ? (
          <button type="button" className="button" onClick={() => setForms(base.forms)}>
            Discard changes
          </button>
        ) : null}
      </div>
      {attempted && result && !result.ok ? (
        <p className="control-error" role="alert">
          Check the highlighted fields.
        </p>
      ) : null}
      {engine.other.length > 0 ? <IssueList issues={engine.other} testId="rule-check-issues" /> : null}
      {save.isError ? <SaveRefused error={save.error} /> : null}
      {previewing && result?.ok ? (
        <ReplayPreview
          document={candidate}
          applying={save.isPending}
          onApply={() => commit(result.value)}
          onCancel={() => setPreviewing(false)}
        />
      ) : null}
    </div>
  );
}

function IssueList({ issues, testId }: { issues: readonly PolicyIssue[]; testId: string }) {
  return (
    <ul className="issue-list" data-testid={testId} role="alert">
      {issues.map((issue, index) => (
        <li key={index}>
          <code>
            <Visible text={issue.pointer || '(document)'} />
          </code>{' '}
          <Visible text={issue.message} />
        </li>
      ))}
    </ul>
  );
}

function SaveRefused({ error }: { error: Error }) {
  const issues = refusalIssues(error);
  return (
    <div data-testid="rule-save-error">
      <ErrorNotice title="The gateway refused this rule." error={error} />
      {issues.length > 0 ? <IssueList issues={issues} testId="rule-refusal-issues" /> : null}
    </div>
  );
}
