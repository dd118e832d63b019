import type { SessionInfo } from '../../../../shared/servers';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { formatTime, pluralize } from '../../lib/format';
import { useSessions } from './use-live-calls';

export function SessionsPanel() {
  const sessions = useSessions();
  return (
    <aside className="panel sessions-panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="panel-heading">
        Sessions
        {sessions.data ? <span className="count">{sessions.data.length}</span> : null}
      </h2>
      {sessions.isPending ? (
        <p className="muted">Loading sessions…</p>
      ) : sessions.isError ? (
        <ErrorNotice
          title="Could not load sessions."
          error={sessions.error}
          onRetry={() => void sessions.refetch()}
        />
      ) : sessions.data.length === 0 ? (
        <p className="muted" data-testid="sessions-empty">
          No open sessions. A session opens when a connected client starts one of its MCP servers.
        </p>
      ) : (
        <ul className="session-list">
          {sessions.data.map((session) => (
            <SessionItem key={session.id} session={session} />
          ))}
        </ul>
      )}
    </aside>
  );
}

/** "name version", as a client program or a server named itself in initialize. */
function programName(info: SessionInfo['clientInfo']): string | undefined {
  return info ? [info.name, info.version].filter(Boolean).join(' ') : undefined;
}

/** Client and server names, programs and versions are theirs to choose: every one is shown escaped. */
function SessionItem({ session }: { session: SessionInfo }) {
  const upstream = programName(session.serverInfo);
  const program = programName(session.clientInfo);
  return (
    <li
      className="session-item"
      data-testid="session-item"
      data-client={session.client}
      data-server={session.server}
    >
      <div className="session-title">
        <span>
          <Visible text={session.client} />
        </span>
        <span className="muted" aria-label="to">
          →
        </span>
        <span className="mono">
          <Visible text={session.server} />
        </span>
      </div>
      {program ? (
        <div className="session-meta" data-testid="session-program">
          client program <Visible text={program} />
        </div>
      ) : null}
      <div className="session-meta">
        {session.transport} · since {formatTime(session.startedAt)} · {pluralize(session.calls, 'call')}
      </div>
      {upstream || session.protocolVersion || session.pid !== undefined ? (
        <div className="session-meta">
          <Visible
            text={[
              upstream,
              session.protocolVersion && `MCP ${session.protocolVersion}`,
              session.pid !== undefined && `pid ${session.pid}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          />
        </div>
      ) : null}
    </li>
  );
}
