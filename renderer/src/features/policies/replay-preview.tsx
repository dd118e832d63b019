import { useId, useState } from 'react';
import { DataTable } from '../../components/data-table';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import { formatDateTime, pluralize } from '../../lib/format';
import { decisionKind, decisionLabels } from './tool-groups';
import { useReplay } from './use-policy';

const DEFAULT_DAYS = 7;
/** Beyond this the list is cut: the count still says how many would change. */
const SHOWN_ROWS = 200;

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
  const changed = replay.data?.changed ?? [];
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
                  : `${changed.length} would be decided differently.`)}
          </p>
          {changed.length > 0 ? (
            <DataTable columns={['Time', 'Client', 'Server', 'Tool', 'Was', 'Would be', 'Rule']}>
              {changed.slice(0, SHOWN_ROWS).map((call) => {
                const would = decisionKind(call.draft);
                return (
                  <tr
                    key={call.id}
                    data-testid="replay-row"
                    data-client={call.client}
                    data-server={call.server}
                    data-tool={call.tool}
                    data-was={call.recorded.decision}
                    data-would={would}
                  >
                    <td className="num">{formatDateTime(call.ts)}</td>
                    <td>
                      <Visible text={call.client} />
                    </td>
                    <td>
                      <Visible text={call.server} />
                    </td>
                    <td className="mono">
                      <Visible text={call.tool} />
                      {call.argsIncomplete ? (
                        <span
                          className="tag tag-after"
                          title="The recorded arguments were redacted or cut, so conditions on them may judge differently."
                        >
                          args redacted
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <span className={`badge badge-${call.recorded.decision}`}>
                        {recordedLabels[call.recorded.decision] ?? call.recorded.decision}
                      </span>
                    </td>
                    <td>
                      <span
                        className={`badge badge-${would}`}
                        title={call.draft.reason === undefined ? undefined : visibleText(call.draft.reason)}
                      >
                        {decisionLabels[would]}
                      </span>
                    </td>
                    <td className="mono">
                      <Visible text={call.draft.rule} />
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          ) : null}
          {changed.length > SHOWN_ROWS ? (
            <p className="muted">
              Showing the oldest {SHOWN_ROWS} of {changed.length}.
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
