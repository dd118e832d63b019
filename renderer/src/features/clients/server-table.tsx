import { useId, useMemo, useState } from 'react';
import { Visible } from '../../components/visible';
import { pluralize } from '../../lib/format';
import { ServerRuns, ServerColumns, StateBadge } from './server-state';
import type { ServerReport } from './use-clients';

/** Rows drawn at first, and per "Show more": a config with thousands of servers stays quick. */
const PAGE = 100;
/** Past this many servers a filter box helps more than scrolling. */
const FILTER_FROM = 12;

export interface ServerActions {
  protect(server: ServerReport): void;
  repair(server: ServerReport): void;
  unprotect(server: ServerReport): void;
  busy: boolean;
}

/**
 * One config file's servers: state, scope, exactly what each runs, and the one action that fits its
 * state. Long lists are drawn a page at a time with a filter (find-in-page and screen readers keep
 * working on what is drawn, which a virtual list would break).
 */
export function ServerTable({ servers, actions }: { servers: ServerReport[]; actions: ServerActions }) {
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE);
  const filterId = useId();
  const matching = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return servers;
    return servers.filter((server) =>
      [server.name, server.command ?? '', ...(server.args ?? []), server.url ?? '', server.state]
        .join(' ')
        .toLowerCase()
        .includes(needle),
    );
  }, [servers, filter]);
  const rows = matching.slice(0, shown);
  return (
    <div className="server-table">
      {servers.length >= FILTER_FROM ? (
        <div className="server-filter">
          <label htmlFor={filterId}>Filter servers</label>
          <input
            id={filterId}
            type="search"
            value={filter}
            data-testid="server-filter"
            onChange={(event) => {
              setFilter(event.target.value);
              setShown(PAGE);
            }}
          />
          <span className="muted small" aria-live="polite">
            {filter
              ? `${pluralize(matching.length, 'match', 'matches')} of ${servers.length.toLocaleString()}`
              : ''}
          </span>
        </div>
      ) : null}
      <div className="table-scroll">
        <table className="data-table servers-table" role="table">
          <ServerColumns first="Server" />
          <tbody role="rowgroup">
            {rows.map((server, index) => (
              <ServerRow
                key={`${server.scope}\u0000${server.name}\u0000${index}`}
                server={server}
                actions={actions}
              />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length < matching.length ? (
        <button
          type="button"
          className="button button-small show-more"
          data-testid="show-more-servers"
          onClick={() => setShown((n) => n + PAGE)}
        >
          Show {Math.min(PAGE, matching.length - rows.length)} more (
          {(matching.length - rows.length).toLocaleString()} not shown)
        </button>
      ) : null}
    </div>
  );
}

function ServerRow({ server, actions }: { server: ServerReport; actions: ServerActions }) {
  return (
    <tr role="row" data-testid="server-row" data-server={server.name} data-state={server.state}>
      <td role="cell" className="server-name">
        <strong>
          <Visible text={server.name} />
        </strong>
        <span className="muted small server-where">
          <Visible text={server.scope} /> · {server.transport}
        </span>
      </td>
      <td role="cell">
        <StateBadge server={server} />
      </td>
      <td role="cell" className="server-runs-cell">
        <ServerRuns server={server} />
        {server.problem ? (
          <p className="server-problem small">
            <Visible text={server.problem} />
            {server.remedy ? (
              <>
                {' '}
                <span className="muted">
                  <Visible text={server.remedy} />
                </span>
              </>
            ) : null}
          </p>
        ) : null}
      </td>
      <td role="cell" className="server-action">
        <ServerAction server={server} actions={actions} />
      </td>
    </tr>
  );
}

function ServerAction({ server, actions }: { server: ServerReport; actions: ServerActions }) {
  const label = (verb: string) => `${verb} ${server.name}`;
  switch (server.state) {
    case 'unprotected':
      return (
        <button
          type="button"
          className="button button-small button-primary"
          aria-label={label('Protect')}
          data-testid="protect-server"
          disabled={actions.busy}
          onClick={() => actions.protect(server)}
        >
          Protect…
        </button>
      );
    case 'drifted':
      return (
        <span className="action-group">
          <button
            type="button"
            className="button button-small button-primary"
            aria-label={label('Repair')}
            data-testid="repair-server"
            disabled={actions.busy}
            onClick={() => actions.repair(server)}
          >
            Repair
          </button>
          <button
            type="button"
            className="button button-small"
            aria-label={label(server.drift === 'dropped' ? 'Leave removed:' : 'Stop protecting')}
            disabled={actions.busy}
            onClick={() => actions.unprotect(server)}
          >
            {server.drift === 'dropped' ? 'Leave removed…' : 'Stop protecting…'}
          </button>
        </span>
      );
    case 'protected':
      return (
        <button
          type="button"
          className="button button-small"
          aria-label={label('Stop protecting')}
          data-testid="unprotect-server"
          disabled={actions.busy}
          onClick={() => actions.unprotect(server)}
        >
          Stop protecting…
        </button>
      );
    case 'cannot-protect':
      return null;
  }
}
