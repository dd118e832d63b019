import { Fragment, useId, useMemo, useState } from 'react';
import { DataTable, RowToggle } from '../../components/data-table';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import { formatDateTime, pluralize } from '../../lib/format';
import { groupReplay, type ReplayGroup } from './replay-groups';
import { decisionKind, decisionLabels } from './tool-groups';
import { useReplay } from './use-policy';

const DEFAULT_DAYS = 7;
/** Beyond this the list is cut: the count still says how many would change. */
const SHOWN_GROUPS = 100;
/** A group's calls shown when it is opened, newest first. */
const SHOWN_CALLS = 50;

const recordedLabels: Record<string, string> = { allow: 'allowed', deny: 'denied', approve: 'asked' };

/**
 * What a document would have decided differently over recent recorded calls (`policy:replay`),
 * shown before it is applied. The person then applies it (a save) or goes back to editing.
 */
export function ReplayPreview({
  document,
  onApply,
  onCancel,
  applying,
  applyLabel = 'Apply (save as a new revision)',
}: {
  document: string;
  onApply: () => void;
  onCancel: () => void;
  applying: boolean;
  applyLabel?: string;
}) {
  const [days, setDays] = useState(DEFAULT_DAYS);
  const [daysText, setDaysText] = useState(String(DEFAULT_DAYS));
  const replay = useReplay(document, days);
  const headingId = useId();
  const daysValue = Number(daysText);
  const daysValid = daysText.trim() !== '' && daysValue >= 0.001 && daysValue <= 366;
  const changed = useMemo(() => replay.data?.changed ?? [], [replay.data]);
  const groups = useMemo(() => groupReplay(changed), [changed]);
  const incomplete = changed.some((c) => c.argsIncomplete);

  return (
    <section className="panel replay" data-testid="replay-preview" aria-labelledby={headingId}>
      <div className="replay-header">
        <h3 id={headingId} className="panel-heading">
          Preview against recorded calls
        </h3>
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (daysValid) setDays(daysValue);
          }}
        >
          <label className="inline-field">
            <span>Last</span>
            <input
              type="number"
              className="days-input"
              min={0.001}
              max={366}
              step="any"
              value={daysText}
              aria-label="Days of recorded calls"
              onChange={(event) => setDaysText(event.target.value)}
            />
            <span>days</span>
          </label>
          <button type="submit" className="button button-small" disabled={!daysValid || daysValue === days}>
            Replay
          </button>
        </form>
      </div>

      {replay.isPending ? (
        <p className="muted">Deciding the recorded calls again…</p>
      ) : replay.isError ? (
        <ErrorNotice
          title="Could not replay the recorded calls."
          error={replay.error}
          onRetry={() => void replay.refetch()}
        />
      ) : (
        <>
          <p data-testid="replay-summary" data-changed={changed.length}>
            {replay.data.examined === 0
              ? `No calls were recorded in the last ${pluralize(days, 'day')}, so there is nothing to compare.`
              : `${pluralize(replay.data.examined, 'recorded call')} since ${formatDateTime(replay.data.since)}: ` +
                (changed.length === 0
                  ? 'none would be decided differently.'
                  : `${changed.length} would be decided differently, ${pluralize(groups.length, 'group')} below, newest first.`)}
          </p>
          {changed.length > 0 ? (
            <DataTable columns={['Tool', 'Server', 'Clients', 'Was', 'Would be', 'Rule', 'Calls', 'Newest']}>
              {groups.slice(0, SHOWN_GROUPS).map((group) => (
                <ReplayGroupRow key={group.key} group={group} />
              ))}
            </DataTable>
          ) : null}
          {groups.length > SHOWN_GROUPS ? (
            <p className="muted">
              Showing the {SHOWN_GROUPS} groups with the newest calls, of {groups.length}.
            </p>
          ) : null}
          {incomplete ? (
            <p className="muted" data-testid="replay-redacted-note">
              Some recorded arguments were redacted or shortened before they were written, so a condition on
              them may decide the real call differently.
            </p>
          ) : null}
        </>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="replay-apply"
          disabled={applying}
          onClick={onApply}
        >
          {applying ? 'Saving…' : applyLabel}
        </button>
        <button type="button" className="button" data-testid="replay-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

/** One tool's calls that would change the same way: counted, and opened to list them, newest first. */
function ReplayGroupRow({ group }: { group: ReplayGroup }) {
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <tr
        className={`row-clickable${open ? ' row-expanded' : ''}`}
        data-testid="replay-group"
        data-server={group.server}
        data-tool={group.tool}
        data-was={group.was}
        data-would={group.would}
        data-count={group.count}
        onClick={() => setOpen(!open)}
      >
        <td className="mono">
          <RowToggle expanded={open} label={`the ${pluralize(group.count, 'call')}`}>
            <Visible text={group.tool} />
          </RowToggle>
          {group.incomplete > 0 ? (
            <span
              className="tag tag-after"
              title="The recorded arguments were redacted or cut, so conditions on them may judge differently."
            >
              {group.incomplete === group.count ? 'args redacted' : `${group.incomplete} with args redacted`}
            </span>
          ) : null}
        </td>
        <td>
          <Visible text={group.server} />
        </td>
        <td>
          <Visible text={group.clients.join(', ')} />
        </td>
        <td>
          <span className={`badge badge-${group.was}`}>{recordedLabels[group.was] ?? group.was}</span>
        </td>
        <td>
          <span
            className={`badge badge-${group.would}`}
            title={group.reason === undefined ? undefined : visibleText(group.reason)}
          >
            {decisionLabels[group.would]}
          </span>
        </td>
        <td className="mono">
          <Visible text={group.rule} />
        </td>
        <td className="num">{group.count}</td>
        <td className="num">{formatDateTime(group.newest)}</td>
      </tr>
      {open ? (
        <tr className="detail-row">
          <td colSpan={8}>
            <ul className="replay-calls" data-testid="replay-calls">
              {group.calls.slice(0, SHOWN_CALLS).map((call) => (
                <li
                  key={call.id}
                  data-testid="replay-row"
                  data-tool={call.tool}
                  data-would={decisionKind(call.draft)}
                >
                  <span className="num">{formatDateTime(call.ts)}</span> <Visible text={call.client} />
                  {call.argsIncomplete ? <span className="tag tag-after">args redacted</span> : null}
                </li>
              ))}
            </ul>
            {group.calls.length > SHOWN_CALLS ? (
              <p className="muted small">…and {group.calls.length - SHOWN_CALLS} older.</p>
            ) : null}
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
