import { useMemo } from 'react';
import { ConnectHint } from '../../components/connect-hint';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { TimeRangePicker } from '../../components/time-range-picker';
import { presetLabels, rangeToParams, type TimeRange } from '../../components/time-range';
import { useHashParams } from '../../components/use-hash-params';
import { formatDateTime, formatTime } from '../../lib/format';
import { OutcomeChart } from './outcome-chart';
import { OverviewFigures } from './overview-figures';
import { OverviewLists } from './overview-lists';
import { overviewPresets, overviewRangeFromParams } from './overview-range';
import { useOverview } from './use-overview';
import { WaitingNow } from './waiting-now';
import './overview.css';

function rangeWords(range: TimeRange, since: number, until: number): string {
  if (range.kind === 'preset') return presetLabels[range.preset].toLowerCase();
  return `${formatDateTime(since)} to ${formatDateTime(until)}`;
}

/** What the agents did in a time range, each figure a way into the Audit page. */
export function OverviewPage() {
  const { query, navigate } = useHashParams('overview');
  const { range, problems } = useMemo(() => overviewRangeFromParams(new URLSearchParams(query)), [query]);
  const overview = useOverview(range);
  const setRange = (next: TimeRange) => {
    const params = new URLSearchParams();
    rangeToParams(next, params);
    navigate(params);
  };
  const data = overview.data;

  return (
    <section className="page overview-page" aria-labelledby="overview-heading">
      <header className="page-header overview-header">
        <div>
          <h1 id="overview-heading">Overview</h1>
          <p className="page-subtitle">
            What your agents did: calls by outcome, the busiest tools, clients and servers, and what waits for
            you. Every number opens the rows behind it.
          </p>
        </div>
        <TimeRangePicker value={range} onChange={setRange} presets={overviewPresets} allowAll={false} />
      </header>
      {problems.length > 0 ? (
        <p className="notice" role="status">
          {problems.join(' ')}
        </p>
      ) : null}
      {data === undefined ? (
        overview.isError ? (
          <ErrorNotice
            title="Could not read the audit log."
            error={overview.error}
            onRetry={() => void overview.refetch()}
          />
        ) : (
          <p className="muted">Reading the audit log…</p>
        )
      ) : (
        <>
          <p className="muted overview-range" aria-live="polite" data-testid="overview-range">
            {rangeWords(range, data.since, data.until)} · updated {formatTime(overview.dataUpdatedAt)}
            {overview.isFetching ? ' · refreshing…' : ''}
          </p>
          <WaitingNow overview={data} />
          {data.calls === 0 ? (
            <EmptyState title="No tool calls in this range." testId="overview-empty">
              Calls through Portcullis show here as they happen. <ConnectHint />
            </EmptyState>
          ) : (
            <>
              <OverviewFigures overview={data} range={range} />
              <section className="panel" aria-labelledby="chart-heading">
                <h2 id="chart-heading" className="panel-heading">
                  Calls by outcome over time
                </h2>
                <OutcomeChart overview={data} />
              </section>
              <OverviewLists overview={data} range={range} />
            </>
          )}
        </>
      )}
    </section>
  );
}
