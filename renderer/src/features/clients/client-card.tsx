import { useId } from 'react';
import { Visible } from '../../components/visible';
import { ExtensionsTable } from './extensions-table';
import { takesEffect } from './restart';
import { ServerTable, type ServerActions } from './server-table';
import type { ClientReport, ServerReport } from './use-clients';

export interface ClientActions {
  extension(
    client: ClientReport,
    extension: NonNullable<ClientReport['extensions']>[number],
    action: 'protect' | 'unprotect',
  ): void;
  connect(client: ClientReport): void;
  disconnect(client: ClientReport): void;
  protect(client: ClientReport, server: ServerReport): void;
  repair(client: ClientReport, server: ServerReport): void;
  unprotect(client: ClientReport, server: ServerReport): void;
  busy: boolean;
}

/** One client found on this computer: its config files, their servers, and connect/disconnect for all of them. */
export function ClientCard({ client, actions }: { client: ClientReport; actions: ClientActions }) {
  const headingId = useId();
  const counts = countStates(client);
  const servers: ServerActions = {
    busy: actions.busy,
    protect: (server) => actions.protect(client, server),
    repair: (server) => actions.repair(client, server),
    unprotect: (server) => actions.unprotect(client, server),
  };
  const protectable = counts.unprotected + counts.drifted;
  return (
    <section
      className="panel client-card"
      aria-labelledby={headingId}
      data-testid="client-card"
      data-client={client.id}
    >
      <header className="client-header">
        <div>
          <h2 id={headingId} className="client-name">
            {client.name} <span className="muted client-id">{client.id}</span>
          </h2>
          <p className="muted small client-summary">
            {summary(counts)} · {takesEffect(client.name, client.restart)}
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="connect-client"
            disabled={protectable === 0 || actions.busy}
            onClick={() => actions.connect(client)}
          >
            Connect…
          </button>
          <button
            type="button"
            className="button"
            data-testid="disconnect-client"
            disabled={counts.protected + counts.drifted === 0 || actions.busy}
            onClick={() => actions.disconnect(client)}
          >
            Disconnect…
          </button>
        </div>
      </header>
      {client.files
        .filter((file) => file.exists)
        .map((file) => (
          <div key={file.path} className="config-file" data-testid="config-file">
            <p className="config-path">
              <code className="mono">
                <Visible text={file.path} />
              </code>{' '}
              <span className="muted small">
                {file.label}, {file.scope}, {file.format}
              </span>
            </p>
            {file.error ? (
              <p className="config-error" role="note">
                Cannot be read: <Visible text={file.error} />
              </p>
            ) : file.servers.length === 0 ? (
              <p className="muted small">No servers in this file.</p>
            ) : (
              <ServerTable servers={file.servers} actions={servers} />
            )}
          </div>
        ))}
      {client.extensions && client.extensions.length > 0 ? (
        <ExtensionsTable
          extensions={client.extensions}
          busy={actions.busy}
          onChange={(extension, action) => actions.extension(client, extension, action)}
        />
      ) : null}
    </section>
  );
}

type Counts = Record<ClientReport['servers'][number]['state'], number>;

function countStates(client: ClientReport): Counts {
  const counts: Counts = { protected: 0, unprotected: 0, drifted: 0, 'cannot-protect': 0 };
  for (const server of client.servers) counts[server.state]++;
  return counts;
}

function summary(counts: Counts): string {
  const parts = [
    counts.protected ? `${counts.protected.toLocaleString()} protected` : '',
    counts.unprotected ? `${counts.unprotected.toLocaleString()} not protected` : '',
    counts.drifted ? `${counts.drifted.toLocaleString()} drifted` : '',
    counts['cannot-protect'] ? `${counts['cannot-protect'].toLocaleString()} cannot be protected` : '',
  ].filter(Boolean);
  const total = counts.protected + counts.unprotected + counts.drifted + counts['cannot-protect'];
  return total === 0
    ? 'No servers'
    : `${total.toLocaleString()} ${total === 1 ? 'server' : 'servers'}: ${parts.join(', ')}`;
}
