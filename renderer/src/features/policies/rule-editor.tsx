import { useId, useState } from 'react';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import { narrowerChoices, placeOf, precedenceText } from './places';
import { entryAt, placeName, type EntryInput, type EntryPlace } from './policy-edit';
import { EntryForm } from './entry-form';
import { governingRules, type Governed, type ToolSummary } from './tool-groups';
import type { ActivePolicyView, SavedChange } from './tool-row';

/**
 * "Edit rule": opens the rule that governs the tool now, where it is written, with its reason,
 * limits and conditions, and saves it there. Writing a narrower rule instead (for this server, a
 * client, a client's server) is a choice the person makes, with the precedence said and the
 * change previewed against recorded calls.
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
  const governed = governingRules(tool);
  const [pick, setPick] = useState(0);
  const chosen = governed[Math.min(pick, governed.length - 1)];
  const home = chosen ? placeOf(chosen.policy.at) : undefined;
  const clients = tool.decisions.map((d) => d.client);
  const choices = chosen ? narrowerChoices(tool.name, tool.server, clients, chosen.policy.at) : [];
  // Without a rule to open (the default decides), writing one is the only thing to do.
  const [narrower, setNarrower] = useState<EntryPlace | undefined>(() =>
    home ? undefined : choices[0]?.place,
  );
  const chooserId = useId();

  if (!chosen) return null;
  if (chosen.policy.at.kind === 'hide') {
    return (
      <div className="rule-editor" data-testid="rule-editor">
        <p>
          <Visible text={tool.name} /> is hidden by the top-level <code>hide</code> list (
          <code>
            <Visible text={chosen.policy.rule} />
          </code>
          ), which comes before every rule. Edit that list in the Document tab.
        </p>
      </div>
    );
  }

  // After a save the rule written may be the one that governs: it then opens in place.
  const target = narrower ?? home ?? choices[0]?.place;
  // A narrower rule starts as a copy of the entry that governs now, so only what differs is changed;
  // where the default decides, as a rule doing what the default does.
  const start: EntryInput = (home && entryAt(policy.doc, home)) ?? { action: chosen.policy.action };

  return (
    <div className="rule-editor" data-testid="rule-editor">
      <Governing governed={governed} pick={pick} onPick={setPick} tool={tool} />
      {home && !narrower ? (
        <div className="rule-editor-intro" data-testid="rule-in-place" data-place={placeName(home)}>
          <p>
            Editing{' '}
            <code>
              <Visible text={chosen.policy.rule} />
            </code>{' '}
            where it is written. Saving changes it there, for every call it decides
            {home.tool === tool.name ? '' : ` (every tool matching ${visibleText(home.tool)})`}.
          </p>
          {choices.length > 0 ? (
            <button
              type="button"
              className="link-button"
              data-testid="rule-narrower"
              onClick={() => setNarrower(choices[0]!.place)}
            >
              Write a narrower rule instead…
            </button>
          ) : null}
        </div>
      ) : (
        <fieldset className="subfields scope-chooser" data-testid="rule-scope" aria-describedby={chooserId}>
          <legend>Where to write a rule for {visibleText(tool.name)}</legend>
          <p className="muted small" id={chooserId}>
            {precedenceText}{' '}
            {home
              ? `Each place here is met before ${visibleText(chosen.policy.rule)}, which keeps deciding everything else.`
              : `No rule names this tool now: ${visibleText(chosen.policy.rule)} (${chosen.policy.action}) decides it.`}
          </p>
          {choices.map((choice) => {
            const name = placeName(choice.place);
            const exists = entryAt(policy.doc, choice.place) !== undefined;
            return (
              <label key={name} className="control control-check scope-choice">
                <input
                  type="radio"
                  name={`${chooserId}-place`}
                  value={name}
                  checked={target !== undefined && placeName(target) === name}
                  onChange={() => setNarrower(choice.place)}
                />
                <span>
                  <code>
                    <Visible text={name} />
                  </code>{' '}
                  <span className="muted">
                    <Visible text={choice.covers} />
                    {exists ? ' (a rule is already there: it opens)' : ''}
                  </span>
                </span>
              </label>
            );
          })}
          {home ? (
            <button
              type="button"
              className="link-button"
              data-testid="rule-back-in-place"
              onClick={() => setNarrower(undefined)}
            >
              Back to editing{' '}
              <code>
                <Visible text={chosen.policy.rule} />
              </code>
            </button>
          ) : null}
        </fieldset>
      )}
      {target ? (
        <EntryForm
          key={placeName(target)}
          place={target}
          policy={policy}
          start={start}
          creating={narrower !== undefined || !home}
          governingIndex={
            narrower === undefined && chosen.policy.at.kind === 'rule' ? chosen.policy.at.index : undefined
          }
          onSaved={(change) => {
            setNarrower(undefined);
            onSaved(change);
          }}
        />
      ) : null}
    </div>
  );
}

/** Which rule decides the tool now, per client when they differ, and a way to pick one of them. */
function Governing({
  governed,
  pick,
  onPick,
  tool,
}: {
  governed: Governed[];
  pick: number;
  onPick: (index: number) => void;
  tool: ToolSummary;
}) {
  const id = useId();
  if (governed.length === 1) {
    const [only] = governed;
    return (
      <p className="muted small" data-testid="rule-governing">
        Now{' '}
        <code>
          <Visible text={only!.policy.rule} />
        </code>{' '}
        decides <Visible text={tool.name} />
        {only!.policy.conditional > 0
          ? `, after ${only!.policy.conditional} rule${only!.policy.conditional === 1 ? '' : 's'} with conditions on the arguments`
          : ''}
        .
      </p>
    );
  }
  return (
    <label className="control" htmlFor={id}>
      <span className="control-label">Clients are decided by different rules: edit</span>
      <select
        id={id}
        value={pick}
        data-testid="rule-pick"
        onChange={(event) => onPick(Number(event.target.value))}
      >
        {governed.map((g, index) => (
          <option key={g.policy.rule} value={index}>
            {visibleText(g.policy.rule)} — for {visibleText(g.clients.join(', '))}
          </option>
        ))}
      </select>
    </label>
  );
}
