import { useId, useMemo, useState } from 'react';
import type { ServerGroup } from '../../../../shared/clients';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { pluralize } from '../../lib/format';
import { commandLine, StateBadge } from './server-state';
import { useServerGroups } from './use-clients';

const PAGE = 100;

/**
 * Every server once, however many clients use it (the same command, arguments and folder, or the
 * same URL), under the name the audit log and policy scopes use, with each client that uses it, the
 * key it uses and the state of that entry.
 */
export function ServersView({ projects }: { projects: readonly string[] }) {
  const groups = useServerGroups(projects, true);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE);
  const filterId = useId();
  const matching = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = groups.data ?? [];
    if (!needle) return all;
    return all.filter((group) =>
      [
        ...group.names,
        group.command ?? '',
        ...group.args,
        group.url ?? '',
        ...group.uses.map((u) => u.clientName),
      ]
        .join(' ')
        .toLowerCase()
        .includes(needle),
    );
  }, [groups.data, filter]);
  if (groups.data === undefined)
    return groups.isError ? (
      <ErrorNotice
        title="Could not list the servers."
        error={groups.error}
        onRetry={() => void groups.refetch()}
      />
    ) : (
      <p className="muted">Looking for servers…</p>
    );
  if (groups.data.length === 0)
    return <EmptyState title="No servers in any client config." testId="servers-empty" />;
  const rows = matching.slice(0, shown);
  return (
    <section className="panel servers-view" aria-label="Servers" data-testid="servers-view">
      <div className="server-filter">
        <label htmlFor={filterId}>Filter servers</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
            setShown(PAGE);
          }}
        />
        <span className="muted small" aria-live="polite">
          {pluralize(matching.length, 'server')}
        </span>
      </div>
      <div className="table-scroll">
        <table className="data-table groups-table">
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Runs</th>
              <th scope="col">Used by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((group) => (
              <GroupRow key={group.id} group={group} />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length < matching.length ? (
        <button
          type="button"
          className="button button-small show-more"
          onClick={() => setShown((n) => n + PAGE)}
        >
          Show {Math.min(PAGE, matching.length - rows.length)} more (
          {(matching.length - rows.length).toLocaleString()} not shown)
        </button>
      ) : null}
    </section>
  );
}

function GroupRow({ group }: { group: ServerGroup }) {
  const others = group.names.slice(1);
  return (
    <tr data-testid="server-group" data-server={group.name}>
      <td className="server-name">
        <strong>
          <Visible text={group.name} />
        </strong>
        {others.length > 0 ? (
          <span className="muted small server-where">
            also <Visible text={others.join(', ')} />
          </span>
        ) : null}
      </td>
      <td className="server-runs-cell">
        <code className="mono">
          <Visible text={group.url ?? commandLine(group.command, group.args)} />
        </code>
        {group.cwd ? (
          <span className="muted small">
            {' '}
            in <Visible text={group.cwd} />
          </span>
        ) : null}
      </td>
      <td>
        <ul className="plain-list uses">
          {group.uses.map((use, index) => (
            <li key={index} data-testid="server-use" data-client={use.client}>
              {use.clientName}
              {use.key !== group.name ? (
                <span className="muted">
                  {' '}
                  as <Visible text={use.key} />
                </span>
              ) : null}{' '}
              <StateBadge server={{ state: use.state }} />
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
