import { ConnectHint } from '../../components/connect-hint';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { LIVE_CALL_CAP } from './live-calls';
import { LiveTable } from './live-table';
import { SessionsPanel } from './sessions-panel';
import { useLiveCalls } from './use-live-calls';
import './live.css';

export function LivePage() {
  const calls = useLiveCalls();
  return (
    <section className="page" aria-labelledby="live-heading">
      <header className="page-header">
        <h1 id="live-heading">Live</h1>
        <p className="page-subtitle">
          Tool calls as they pass through the gateway, newest first (the last {LIVE_CALL_CAP.toLocaleString()}
          ; the rest are in the <a href="#/audit">audit log</a>). Select a call to see its arguments, the rule
          that decided it, and its audit row.
        </p>
      </header>
      <div className="live-layout">
        <div className="live-calls">
          {calls.data === undefined ? (
            calls.isError ? (
              <ErrorNotice
                title="Could not load recent calls."
                error={calls.error}
                onRetry={() => void calls.refetch()}
              />
            ) : (
              <p className="muted">Loading recent calls…</p>
            )
          ) : calls.data.length === 0 ? (
            <EmptyState title="No tool calls yet." testId="live-empty">
              <ConnectHint />
            </EmptyState>
          ) : (
            <LiveTable calls={calls.data} />
          )}
        </div>
        <SessionsPanel />
      </div>
    </section>
  );
}
