import { useId, useState } from 'react';
import { outcomeLabels, outcomeSchema, type Outcome } from '../../../../shared/audit';
import type { AuditFacets } from '../../../../shared/audit-query';
import { visibleText } from '../../../../shared/visible-text';
import { Field } from '../../components/field';
import { TimeRangePicker } from '../../components/time-range-picker';
import { emptyView, hasFilters, type AuditView } from './audit-view';
import { describeOutcomes, outcomeChoice, outcomeSets, outcomesForChoice } from './outcome-groups';

const noFacets: AuditFacets = { clients: [], servers: [], tools: [], outcomes: [], events: [] };

/**
 * Search applies on Enter (or the button); every menu applies as soon as it changes. The menus
 * offer what the log holds (`audit:facets`), shown escaped: names are the clients' and servers'.
 */
export function AuditFiltersForm({
  view,
  facets = noFacets,
  onChange,
}: {
  view: AuditView;
  facets?: AuditFacets | undefined;
  onChange: (view: AuditView) => void;
}) {
  const moreId = useId();
  const [text, setText] = useState(view.text);
  // The link can change under the form (Back, a link from another page): follow it.
  const [linkText, setLinkText] = useState(view.text);
  if (linkText !== view.text) {
    setLinkText(view.text);
    setText(view.text);
  }
  const apply = (patch: Partial<AuditView>) => onChange({ ...view, text, ...patch });
  // The narrower filters wait behind a toggle, open by itself when one of them is set.
  const moreSet = [view.kind, view.client, view.server, view.tool, view.decision, view.sessionId].filter(
    (value) => value !== undefined,
  ).length;
  const [moreOpen, setMoreOpen] = useState(moreSet > 0);
  const showMore = moreOpen || moreSet > 0;
  const toolValue = view.tool === undefined ? '' : JSON.stringify([view.server ?? '', view.tool]);
  const tools = facets.tools.filter((tool) => view.server === undefined || tool.server === view.server);
  if (view.tool !== undefined && !tools.some((t) => t.tool === view.tool && t.server === (view.server ?? '')))
    tools.unshift({ server: view.server ?? '', tool: view.tool });
  const byServer = new Map<string, string[]>();
  for (const tool of tools) byServer.set(tool.server, [...(byServer.get(tool.server) ?? []), tool.tool]);
  const outcomes = new Set<Outcome>([...facets.outcomes, ...view.outcomes]);
  const choice = outcomeChoice(view.outcomes);

  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter audit rows"
      onSubmit={(event) => {
        event.preventDefault();
        apply({});
      }}
    >
      <Field label="Search" className="field-search">
        {(id) => (
          <input
            id={id}
            type="search"
            name="q"
            value={text}
            maxLength={500}
            placeholder="words in tools, arguments, results, reasons, errors"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setText(event.target.value)}
          />
        )}
      </Field>
      <TimeRangePicker
        value={view.range}
        onChange={(range) => apply({ range })}
        presets={['1h', '24h', '7d', '30d']}
        allowAll
      />
      <Field label="Outcome">
        {(id) => (
          <select
            id={id}
            name="outcome"
            value={choice}
            onChange={(event) => {
              const chosen = outcomesForChoice(event.target.value);
              if (chosen) apply({ outcomes: chosen });
            }}
          >
            <option value="">Any</option>
            {choice === 'custom' ? <option value="custom">{describeOutcomes(view.outcomes)}</option> : null}
            <optgroup label="Together">
              {Object.entries(outcomeSets).map(([name, set]) => (
                <option key={name} value={`set:${name}`}>
                  {set.label}
                </option>
              ))}
            </optgroup>
            <optgroup label="One outcome">
              {outcomeSchema.options
                .filter((outcome) => outcomes.has(outcome))
                .map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {outcomeLabels[outcome]}
                  </option>
                ))}
            </optgroup>
          </select>
        )}
      </Field>
      {showMore ? (
        <div className="filters-more" id={moreId}>
          <Field label="Rows">
            {(id) => (
              <select
                id={id}
                name="kind"
                value={view.kind ?? ''}
                onChange={(event) => {
                  const kind = event.target.value;
                  apply({ kind: kind === 'call' || kind === 'admin' ? kind : undefined });
                }}
              >
                <option value="">Calls and admin events</option>
                <option value="call">Tool calls</option>
                <option value="admin">Admin events</option>
              </select>
            )}
          </Field>
          <NameMenu
            label="Client"
            value={view.client}
            names={facets.clients}
            onChange={(client) => apply({ client })}
          />
          <NameMenu
            label="Server"
            value={view.server}
            names={facets.servers}
            // A tool of another server would match nothing.
            onChange={(server) => apply({ server, tool: server === view.server ? view.tool : undefined })}
          />
          <Field label="Tool">
            {(id) => (
              <select
                id={id}
                name="tool"
                value={toolValue}
                onChange={(event) => {
                  if (!event.target.value) return apply({ tool: undefined });
                  const [server, tool] = JSON.parse(event.target.value) as [string, string];
                  apply({ tool, server: server || undefined });
                }}
              >
                <option value="">Any</option>
                {[...byServer].map(([server, names]) => (
                  <optgroup key={server} label={visibleText(server)}>
                    {names.map((tool) => (
                      <option key={tool} value={JSON.stringify([server, tool])}>
                        {visibleText(tool)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Field label="Decision">
            {(id) => (
              <select
                id={id}
                name="decision"
                value={view.decision ?? ''}
                onChange={(event) => {
                  const decision = event.target.value;
                  apply({
                    decision:
                      decision === 'allow' || decision === 'deny' || decision === 'approve'
                        ? decision
                        : undefined,
                  });
                }}
              >
                <option value="">Any</option>
                <option value="allow">Allowed by policy</option>
                <option value="deny">Denied by policy</option>
                <option value="approve">Asked the person</option>
              </select>
            )}
          </Field>
        </div>
      ) : null}
      <div className="filters-actions">
        <button
          type="button"
          className="button filters-toggle"
          aria-expanded={showMore}
          aria-controls={moreId}
          disabled={moreSet > 0}
          onClick={() => setMoreOpen(!moreOpen)}
          data-testid="audit-more-filters"
        >
          {moreSet > 0 ? `More filters (${moreSet} set)` : 'More filters'}
        </button>
        <button type="submit" className="button button-primary">
          Search
        </button>
        <button
          type="button"
          className="button"
          disabled={!hasFilters({ ...view, text })}
          onClick={() => {
            setText('');
            onChange(emptyView);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

function NameMenu({
  label,
  value,
  names,
  onChange,
}: {
  label: string;
  value: string | undefined;
  names: readonly string[];
  onChange: (value: string | undefined) => void;
}) {
  const options = value !== undefined && !names.includes(value) ? [value, ...names] : names;
  return (
    <Field label="{label}">
      {(id) => (
        <select
          id={id}
          name={label.toLowerCase()}
          value={value ?? ''}
          onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
        >
          <option value="">Any</option>
          {options.map((name) => (
            <option key={name} value={name}>
              {visibleText(name)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
