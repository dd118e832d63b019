import { useState } from 'react';
import type { LimitState } from '../../../../shared/policy';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import { fullness, limitText } from './limit-text';
import { placeOf } from './places';
import {
  describeEntryChange,
  entryAt,
  placeName,
  ruleActions,
  withToolAction,
  type EntryInput,
  type EntryPlace,
  type PolicyInput,
  type RuleAction,
} from './policy-edit';
import { writeEntry } from './policy-text';
import { RiskControl } from './risk-badge';
import { RuleEditor } from './rule-editor';
import { actionLabels } from './rule-fields';
import { SavedNotice } from './saved-notice';
import { decisionKind, governingRules, type Governed, type ToolSummary } from './tool-groups';
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
  /** Where the entry was written, and what it was before and after: what Undo puts back. */
  place: EntryPlace;
  before: EntryInput | undefined;
  after: EntryInput | undefined;
}

export const TOOL_COLUMNS = ['Tool', 'Risk', 'Rule', 'Limits', 'Action', ''];

/** How the rule column reads each action: what the rule does, not what happened to one call. */
const ruleWords: Record<RuleAction, string> = {
  allow: 'allows',
  approve: 'asks first',
  deny: 'denies',
  hide: 'hides',
};

/**
 * Where the one-click action writes. The rule that governs the tool, changed in place, when it
 * names this tool alone; otherwise (a pattern, a default) a rule for this tool on this server,
 * which is met first, so the others the pattern or default decides stay as they are.
 */
function actionPlace(tool: ToolSummary, governed: Governed): EntryPlace {
  const home = placeOf(governed.policy.at);
  return home && home.tool === tool.name ? home : { server: tool.server, tool: tool.name };
}

export function ToolRow({ tool, policy }: { tool: ToolSummary; policy: ActivePolicyView }) {
  const [expanded, setExpanded] = useState(false);
  const [notice, setNotice] = useState<SavedChange>();
  const [pending, setPending] = useState<RuleAction>();
  const save = useSavePolicy();
  const governed = governingRules(tool);
  const first = governed[0];
  // Clients decided by different rules, or a tool the hide list hides: one select cannot say it.
  const oneRule = governed.length === 1 && first?.policy.at.kind !== 'hide';
  const current = first?.policy.action ?? 'allow';

  const write = (place: EntryPlace, next: EntryInput | undefined, lines: string[]) => {
    const before = entryAt(policy.doc, place);
    save.mutate(
      {
        document: writeEntry(policy.text, place, next),
        baseRevision: policy.revision,
        what: lines[0] ?? `rule ${placeName(place)}`,
      },
      {
        onSuccess: ({ revision }) => setNotice({ revision, lines, place, before, after: next }),
        onSettled: () => setPending(undefined),
      },
    );
  };
  const onAction = (action: RuleAction) => {
    if (action === current || !first) return;
    const place = actionPlace(tool, first);
    const next = entryAt(withToolAction(policy.doc, place, action), place);
    setPending(action);
    setNotice(undefined);
    const lines = [`${tool.name}: ${current} → ${action}`];
    const name = placeName(place);
    lines.push(
      name === first.policy.rule || first.policy.rule.startsWith(`${name}[`)
        ? `Changed in place at ${name}.`
        : `Written at ${name}, met before ${first.policy.rule}, which still decides whatever else it did.`,
    );
    write(place, next, lines);
  };
  const undo = (change: SavedChange) => {
    setNotice(undefined);
    write(change.place, change.before, [
      `Undone: ${describeEntryChange(change.after, change.before).join('; ') || 'no change'}`,
    ]);
  };

  const kinds = new Set(tool.decisions.map((d) => decisionKind(d.decision)));
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
        data-rule={first?.policy.rule ?? ''}
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
            {governed.map((g) => (
              <RuleLine key={g.policy.rule + g.clients.join()} governed={g} several={governed.length > 1} />
            ))}
          </ul>
        </td>
        <td>
          <LimitsCell tool={tool} governed={governed} />
        </td>
        <td>
          {oneRule ? (
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
          ) : (
            <span className="muted small" data-testid="tool-action-split">
              {first?.policy.at.kind === 'hide' ? 'hidden by the hide list' : 'differs by client'}
            </span>
          )}
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

/** What the rule does, where it is written, and, when a limit is full, what that means right now. */
function RuleLine({ governed, several }: { governed: Governed; several: boolean }) {
  const { policy, decision, clients } = governed;
  const over = decision.limit;
  return (
    <li data-testid="tool-rule" data-action={policy.action} data-decision={decisionKind(decision)}>
      <span
        className={`badge badge-${policy.action === 'hide' ? 'hidden' : policy.action}`}
        title={policy.reason === undefined ? undefined : visibleText(policy.reason)}
      >
        {ruleWords[policy.action]}
      </span>{' '}
      <span className="muted small">
        by{' '}
        <code>
          <Visible text={policy.rule} />
        </code>
        {several ? <Visible text={` for ${clients.join(', ')}`} /> : null}
      </span>
      {over ? (
        <div className="limit-now" data-testid="tool-over-limit">
          Over its limit now: calls are {decision.action === 'approve' ? 'sent for approval' : 'refused'}
          {over.retryAfterSeconds === undefined ? '' : ` for ${Math.ceil(over.retryAfterSeconds)} s more`}.
        </div>
      ) : null}
    </li>
  );
}

/** Each limit of the governing rule (and `all_tools`), with how full it is for each client. */
function LimitsCell({ tool, governed }: { tool: ToolSummary; governed: Governed[] }) {
  const groups = governed.filter((g) => g.policy.limits.length > 0);
  if (groups.length === 0) return <span className="muted small">none</span>;
  return (
    <ul className="limit-list" data-testid="tool-limits">
      {groups.flatMap((g) =>
        g.policy.limits.map((limit, index) => (
          <li key={`${g.policy.rule}:${limit.rule}`} data-rule={limit.rule}>
            <span className="limit-text">{limitText(limit)}</span>
            <LimitUse tool={tool} clients={g.clients} index={index} limit={limit} />
          </li>
        )),
      )}
    </ul>
  );
}

function LimitUse({
  tool,
  clients,
  index,
  limit,
}: {
  tool: ToolSummary;
  clients: string[];
  index: number;
  limit: LimitState;
}) {
  const uses = clients
    .map((client) => {
      const state = tool.decisions.find((d) => d.client === client)?.policy.limits[index] ?? limit;
      return { client, use: fullness(state), max: state.max };
    })
    .filter((u) => u.use !== undefined);
  if (uses.length === 0) return <span className="muted small"> counted per session</span>;
  // Counted once for all clients (server, tool, global scope): one number says it.
  const shared = limit.scope !== 'grant';
  return (
    <span className="limit-uses">
      {(shared ? uses.slice(0, 1) : uses).map(({ client, use, max }) => (
        <span
          key={client}
          className={`limit-use${use!.full ? ' limit-full' : ''}`}
          data-testid="tool-limit-use"
          data-used={use!.used}
          data-full={String(use!.full)}
        >
          {shared || uses.length === 1 ? '' : `${client}: `}
          {use!.used}/{max} used{use!.full ? ' · full' : ''}
        </span>
      ))}
    </span>
  );
}
