import { Visible } from '../../components/visible';
import type { ServerReport } from './use-clients';

const labels: Record<ServerReport['state'], string> = {
  protected: 'Protected',
  unprotected: 'Not protected',
  drifted: 'Drifted',
  'cannot-protect': 'Cannot protect',
};

export function StateBadge({ server }: { server: Pick<ServerReport, 'state' | 'drift'> }) {
  const detail = server.drift === 'dropped' ? ' (gone)' : server.drift === 'reverted' ? ' (reverted)' : '';
  return (
    <span
      className={`state-badge state-${server.state}`}
      data-testid="server-state"
      data-state={server.state}
    >
      {labels[server.state]}
      {detail}
    </span>
  );
}

/** A command line as a person would type it: words with spaces or quotes are quoted. */
export function commandLine(command: string | undefined, args: readonly string[] | undefined): string {
  return [command ?? '', ...(args ?? [])]
    .map((word) => (word !== '' && /^[\w@%+=:,./~-]+$/.test(word) ? word : JSON.stringify(word)))
    .join(' ');
}

/**
 * What a server runs, exactly: for a protected one, what the gateway runs for it (and that it goes
 * through Portcullis); otherwise the command or URL in the file. Shown escaped: it comes from a
 * config file any program may have written.
 */
export function ServerRuns({ server }: { server: ServerReport }) {
  if (server.state === 'protected' && server.upstream) {
    const upstream = server.upstream;
    const text = upstream.url ?? commandLine(upstream.command, upstream.args);
    return (
      <span className="server-runs">
        <code className="mono">
          <Visible text={text} />
        </code>
        <span className="muted small"> through Portcullis</span>
      </span>
    );
  }
  if (server.url === undefined && server.command === undefined)
    return (
      <span className="muted">{server.state === 'cannot-protect' ? 'nothing Portcullis can run' : '—'}</span>
    );
  const text = server.url ?? commandLine(server.command, server.args);
  return (
    <code className="mono server-runs">
      <Visible text={text} />
    </code>
  );
}

/** The column heads of a list of servers (or extensions): what it is, its state, what it runs, the action. */
export function ServerColumns({ first }: { first: string }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {[first, 'State', 'Runs'].map((name) => (
          <th key={name} scope="col" role="columnheader">
            {name}
          </th>
        ))}
        <th scope="col" role="columnheader">
          <span className="visually-hidden">Action</span>
        </th>
      </tr>
    </thead>
  );
}
