import { useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { describeEntryChange, serverToolEntry, serverToolPath, type EntryInput } from './policy-edit';
import { writeServerToolEntry } from './policy-text';
import { ReplayPreview } from './replay-preview';
import { RuleFields } from './rule-fields';
import { entryToForms, formsToEntry, newRuleForm, type RuleForm } from './rule-form';
import { clientsOverriding, type ToolSummary } from './tool-groups';
import type { ActivePolicyView, SavedChange } from './tool-row';
import { refusalIssues, useSavePolicy } from './use-policy';

function startingForms(entry: EntryInput | undefined, tool: ToolSummary): RuleForm[] | string {
  const converted = entryToForms(entry);
  if (!converted.ok) return converted.reason;
  // No rule here yet: start from what happens to the tool now.
  if (converted.forms.length === 0) {
    const decision = tool.decisions[0]?.decision;
    return [newRuleForm(decision?.hidden ? 'hide' : (decision?.action ?? 'allow'))];
  }
  return converted.forms;
}

/**
 * Edits the rule at `servers.<server>.tools.<tool>`: one rule, or several tried in order. Saving
 * writes only that part of the document's text, as a new revision.
 */
export function RuleEditor({
  tool,
  policy,
  onSaved,
}: {
  tool: ToolSummary;
  policy: ActivePolicyView;
  onSaved: (change: SavedChange) => void;
}) {
  const entry = serverToolEntry(policy.doc, tool.server, tool.name);
  const [base, setBase] = useState(() => ({ entry, forms: startingForms(entry, tool) }));
  const [forms, setForms] = useState(base.forms);
  const [attempted, setAttempted] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const save = useSavePolicy();
  const path = serverToolPath(tool.server, tool.name);

  const stale = JSON.stringify(entry) !== JSON.stringify(base.entry);
  const reload = () => {
    const next = { entry, forms: startingForms(entry, tool) };
    setBase(next);
    setForms(next.forms);
    setAttempted(false);
    setPreviewing(false);
    save.reset();
  };

  if (typeof forms === 'string') {
    return (
      <div className="rule-editor" data-testid="rule-editor">
        <p>
          The rule at <code>{path}</code> uses what this form cannot show: {forms} Edit it in the Document
          tab.
        </p>
      </div>
    );
  }

  const result = formsToEntry(forms);
  const errors = new Map(attempted && !result.ok ? result.errors.map((e) => [e.field, e.message]) : []);
  const dirty = JSON.stringify(forms) !== JSON.stringify(base.forms);
  const textFor = (next: EntryInput | undefined) =>
    writeServerToolEntry(policy.text, tool.server, tool.name, next);

  const commit = (next: EntryInput | undefined) => {
    save.mutate(
      { document: textFor(next), baseRevision: policy.revision },
      {
        onSuccess: ({ revision }) => {
          onSaved({ revision, lines: describeEntryChange(entry, next), before: entry, after: next });
          const saved = next === undefined ? startingForms(undefined, tool) : forms;
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
    if (result.ok) commit(result.value);
  };
  const onPreview = () => {
    setAttempted(true);
    if (result.ok) setPreviewing(true);
  };

  const overriding = clientsOverriding(tool);
  const decidedElsewhere = entry === undefined ? tool.decisions[0]?.decision.rule : undefined;
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
    <div className="rule-editor" data-testid="rule-editor">
      <div className="rule-editor-intro">
        <p>
          This rule is written at{' '}
          <code>
            <Visible text={path} />
          </code>
          : for this server it is tried before top-level and client-wide rules.
          {decidedElsewhere && !decidedElsewhere.endsWith('default') ? (
            <>
              {' '}
              Now{' '}
              <code>
                <Visible text={decidedElsewhere} />
              </code>{' '}
              decides this tool.
            </>
          ) : null}
        </p>
        {overriding.length > 0 ? (
          <p className="warning-text" data-testid="rule-overridden">
            For <Visible text={overriding.join(', ')} />, a rule under{' '}
            <code>
              <Visible text={`clients.…servers.${tool.server}`} />
            </code>{' '}
            is tried first, so this rule does not change what{' '}
            {overriding.length === 1 ? 'that client gets' : 'those clients get'}. Edit it in the Document tab.
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
      </div>

      {forms.length > 1 ? (
        <p className="muted small">
          Rules are tried in order: the first whose “applies only when” conditions match the call decides.
        </p>
      ) : null}
      {forms.map((form, index) => (
        <div className="rule-card" key={index} data-testid="rule-card">
          {forms.length > 1 ? (
            <div className="rule-card-header">
              <h4>Rule {index + 1}</h4>
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
          disabled={!dirty || save.isPending || forms.length === 0}
          onClick={onSave}
        >
          {save.isPending ? 'Saving…' : 'Save rule'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="rule-preview"
          disabled={!dirty || forms.length === 0}
          onClick={onPreview}
        >
          Preview against recent calls
        </button>
        <button type="button" className="button" onClick={() => setForms([...forms, newRuleForm()])}>
          Add a rule after
        </button>
        {entry !== undefined ? (
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
        {dirty ? (
          <button type="button" className="button" onClick={() => setForms(base.forms)}>
            Discard changes
          </button>
        ) : null}
      </div>
      {attempted && !result.ok ? (
        <p className="control-error" role="alert">
          Check the highlighted fields.
        </p>
      ) : null}
      {save.isError ? <SaveRefused error={save.error} /> : null}
      {previewing && result.ok ? (
        <ReplayPreview
          document={textFor(result.value)}
          applying={save.isPending}
          onApply={() => commit(result.value)}
          onCancel={() => setPreviewing(false)}
        />
      ) : null}
    </div>
  );
}

function SaveRefused({ error }: { error: Error }) {
  const issues = refusalIssues(error);
  return (
    <div data-testid="rule-save-error">
      <ErrorNotice title="The gateway refused this rule." error={error} />
      {issues.length > 0 ? (
        <ul className="issue-list">
          {issues.map((issue, index) => (
            <li key={index}>
              <code>
                <Visible text={issue.pointer || '(document)'} />
              </code>{' '}
              <Visible text={issue.message} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
