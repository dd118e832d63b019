import { useState } from 'react';
import type { PolicyDecision } from '../../../../shared/policy';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import {
  describeEntryChange,
  entryAction,
  ruleActions,
  serverToolEntry,
  serverToolPath,
  withToolAction,
  type EntryInput,
  type PolicyInput,
  type RuleAction,
} from './policy-edit';
import { writeServerToolEntry } from './policy-text';
import { RiskControl } from './risk-badge';
import { RuleEditor } from './rule-editor';
import { actionLabels } from './rule-fields';
import { SavedNotice } from './saved-notice';
import { decisionKind, decisionLabels, distinctDecisions, type ToolSummary } from './tool-groups';
import { useSavePolicy } from './use-policy';

/** The active policy as the tool rows edit it: the exact text (edits keep its formatting) and its object. */
export interface ActivePolicyView {
  revision: number;
  text: string;
  doc: PolicyInput;
}

export interface SavedChange {
  revision: number;
  lines: string[];
  before: EntryInput | undefined;
  after: EntryInput | undefined;
}

export const TOOL_COLUMNS = ['Tool', 'Risk', 'Decision now', 'Action on this server', ''];

function actionOf(decision: PolicyDecision | undefined): RuleAction {
  if (!decision) return 'allow';
  return decision.hidden ? 'hide' : decision.action;
}

export function ToolRow({ tool, policy }: { tool: ToolSummary; policy: ActivePolicyView }) {
  const [expanded, setExpanded] = useState(false);
  const [notice, setNotice] = useState<SavedChange>();
  const [pending, setPending] = useState<RuleAction>();
  const save = useSavePolicy();
  const entry = serverToolEntry(policy.doc, tool.server, tool.name);
  const decisions = distinctDecisions(tool);
  const current = entryAction(entry) ?? actionOf(decisions[0]?.decision);

  const write = (next: EntryInput | undefined, lines: string[]) => {
    save.mutate(
      {
        document: writeServerToolEntry(policy.text, tool.server, tool.name, next),
        baseRevision: policy.revision,
      },
      {
        onSuccess: ({ revision }) => setNotice({ revision, lines, before: entry, after: next }),
        onSettled: () => setPending(undefined),
      },
    );
  };
  const onAction = (action: RuleAction) => {
    if (action === current) return;
    const next = serverToolEntry(
      withToolAction(policy.doc, tool.server, tool.name, action),
      tool.server,
      tool.name,
    );
    setPending(action);
    setNotice(undefined);
    const lines = [`${tool.name}: ${current} → ${action}`];
    if (entry === undefined) {
      const rule = decisions[0]?.decision.rule;
      lines.push(
        `Written at ${serverToolPath(tool.server, tool.name)}${rule ? `; before, ${rule} decided` : ''}.`,
      );
    }
    write(next, lines);
  };
  const undo = (change: SavedChange) => {
    setNotice(undefined);
    write(change.before, [
      `Undone: ${describeEntryChange(change.after, change.before).join('; ') || 'no change'}`,
    ]);
  };

  const kinds = new Set(decisions.map((d) => decisionKind(d.decision)));
  const rowDecision = kinds.size === 1 ? [...kinds][0] : 'mixed';
  const colSpan = TOOL_COLUMNS.length;

  return (
    <>
      <tr
        className={`tool-row${expanded ? ' row-expanded' : ''}`}
        data-testid="tool-row"
        data-server={tool.server}
        data-tool={tool.name}
        data-decision={rowDecision}
        data-rule={decisions[0]?.decision.rule ?? ''}
        data-action={current}
      >
        <td className="tool-name-cell">
          <div className="mono tool-name">
            <Visible text={tool.name} />
          </div>
          {tool.description || tool.title ? (
            // The server wrote the name, title and description: each shown escaped, tooltip included.
            <div className="tool-description" title={visibleText(tool.description ?? tool.title ?? '')}>
              {tool.title && tool.title !== tool.name ? (
                <>
                  <Visible text={tool.title} />.{' '}
                </>
              ) : null}
              <Visible text={tool.description} />
            </div>
          ) : null}
        </td>
        <td>
          <RiskControl tool={tool} />
        </td>
        <td>
          <ul className="decision-list">
            {decisions.map(({ clients, decision }) => {
              const kind = decisionKind(decision);
              return (
                <li key={clients.join(',')} data-testid="tool-decision" data-decision={kind}>
                  <span
                    className={`badge badge-${kind}`}
                    title={decision.reason === undefined ? undefined : visibleText(decision.reason)}
                  >
                    {decisionLabels[kind]}
                  </span>{' '}
                  <span className="muted small">
                    by{' '}
                    <code>
                      <Visible text={decision.rule} />
                    </code>
                    {decisions.length > 1 ? <Visible text={` for ${clients.join(', ')}`} /> : null}
                  </span>
                </li>
              );
            })}
          </ul>
        </td>
        <td>
          <select
            value={pending ?? current}
            aria-label={`Action for ${visibleText(tool.name)}`}
            data-testid="tool-action"
            disabled={save.isPending}
            onChange={(event) => onAction(event.target.value as RuleAction)}
          >
            {ruleActions.map((action) => (
              <option key={action} value={action}>
                {actionLabels[action]}
              </option>
            ))}
          </select>
        </td>
        <td className="tool-edit-cell">
          <button
            type="button"
            className="button button-small"
            data-testid="tool-edit"
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? 'Close' : 'Edit rule'}
            <span className="visually-hidden"> for {visibleText(tool.name)}</span>
          </button>
        </td>
      </tr>
      {notice || save.isError ? (
        <tr className="note-row">
          <td colSpan={colSpan}>
            {save.isError ? (
              <ErrorNotice title={`Could not save the change to ${tool.name}.`} error={save.error} />
            ) : notice ? (
              <SavedNotice
                revision={notice.revision}
                lines={notice.lines}
                testId="tool-saved"
                onDismiss={() => setNotice(undefined)}
              >
                <button
                  type="button"
                  className="button button-small"
                  disabled={save.isPending}
                  onClick={() => undo(notice)}
                >
                  Undo
                </button>
              </SavedNotice>
            ) : null}
          </td>
        </tr>
      ) : null}
      {expanded ? (
        <tr className="detail-row">
          <td colSpan={colSpan}>
            <RuleEditor
              tool={tool}
              policy={policy}
              onSaved={(change) => {
                save.reset();
                setNotice(change);
              }}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
}
