import { useState } from 'react';
import type { ProtectionIssue } from '../../../../shared/clients';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { AttentionPanel } from './attention-panel';
import { ChangeDialog } from './change-dialog';
import { ClientCard, type ClientActions } from './client-card';
import { ExtensionDialog, type ExtensionTarget } from './extension-dialog';
import { ProjectFolders } from './project-folders';
import { ServersView } from './servers-view';
import { ProtectionSettings } from './protection-settings';
import {
  useClients,
  useProjectFolders,
  useProtectionStatus,
  useRepair,
  type Change,
  type ClientReport,
} from './use-clients';
import './clients.css';

export function ClientsPage() {
  const [projects, setProjects] = useProjectFolders();
  const clients = useClients(projects);
  const status = useProtectionStatus();
  const repair = useRepair();
  const [change, setChange] = useState<Change>();
  const [view, setView] = useState<'clients' | 'servers'>('clients');
  const [extensionChange, setExtensionChange] = useState<ExtensionTarget>();
  const found = clients.data?.filter((client) => client.exists) ?? [];
  const missing = clients.data?.filter((client) => !client.exists) ?? [];
  const byId = (id: string) => clients.data?.find((client) => client.id === id);

  const target = (client: Pick<ClientReport, 'id' | 'name' | 'restart'>, servers?: string[]) => ({
    clientId: client.id,
    clientName: client.name,
    restart: client.restart,
    ...(servers ? { servers } : {}),
  });
  const forServer = (action: Change['action'], client: ClientReport, server: string) =>
    setChange({ action, targets: [target(client, [server])], label: `${server} in ${client.name}` });
  const actions: ClientActions = {
    busy: repair.isPending,
    extension: (client, extension, action) =>
      setExtensionChange({
        client: client.id,
        clientName: client.name,
        extension: extension.id,
        name: extension.name,
        action,
      }),
    connect: (client) => setChange({ action: 'connect', targets: [target(client)], label: client.name }),
    disconnect: (client) =>
      setChange({ action: 'disconnect', targets: [target(client)], label: client.name }),
    protect: (client, server) => forServer('connect', client, server.name),
    unprotect: (client, server) => forServer('disconnect', client, server.name),
    repair: (client, server) => repair.mutate({ clientId: client.id, servers: [server.name] }),
  };
  const issueClient = (issue: ProtectionIssue) =>
    byId(issue.client) ?? { id: issue.client, name: issue.clientName, restart: 'restart' as const };
  const canConnectAll = found.some((client) =>
    client.servers.some((s) => s.state === 'unprotected' || s.state === 'drifted'),
  );
  const canDisconnectAll = found.some((client) =>
    client.servers.some((s) => s.state === 'protected' || s.state === 'drifted'),
  );

  return (
    <section className="page clients-page" aria-labelledby="clients-heading">
      <header className="page-header page-header-split">
        <div>
          <h1 id="clients-heading">Clients</h1>
          <p className="page-subtitle">
            The MCP clients on this computer, their config files and servers. Connecting a client rewrites
            each server entry to run through Portcullis; the original file is kept and disconnecting restores
            it.
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="connect-all"
            disabled={!canConnectAll}
            onClick={() =>
              setChange({
                action: 'connect',
                label: 'every client',
                targets: found
                  .filter((c) => c.servers.some((s) => s.state === 'unprotected' || s.state === 'drifted'))
                  .map((c) => target(c)),
              })
            }
          >
            Connect all…
          </button>
          <button
            type="button"
            className="button"
            data-testid="disconnect-all"
            disabled={!canDisconnectAll}
            onClick={() =>
              setChange({
                action: 'disconnect',
                label: 'every client',
                targets: found
                  .filter((c) => c.servers.some((s) => s.state === 'protected' || s.state === 'drifted'))
                  .map((c) => target(c)),
              })
            }
          >
            Disconnect all…
          </button>
        </div>
      </header>
      {status.data && !status.data.watching ? (
        <p className="muted small" role="note">
          Config files are watched only while the gateway runs with clients enabled.
        </p>
      ) : null}
      {repair.isError ? <ErrorNotice title="The repair did not happen." error={repair.error} /> : null}
      <AttentionPanel
        issues={status.data?.issues ?? []}
        busy={repair.isPending}
        onProtect={(issue) => {
          const client = issueClient(issue);
          setChange({
            action: 'connect',
            targets: [target(client, [issue.server])],
            label: `${issue.server} in ${client.name}`,
          });
        }}
        onRepair={(issue) => repair.mutate({ clientId: issue.client, servers: [issue.server] })}
        onLeave={(issue) => {
          const client = issueClient(issue);
          setChange({
            action: 'disconnect',
            targets: [target(client, [issue.server])],
            label: `${issue.server} in ${client.name}`,
          });
        }}
      />
      <div className="clients-layout">
        <div className="clients-list">
          <ViewSwitch view={view} onChange={setView} />
          {view === 'servers' ? (
            <ServersView projects={projects} />
          ) : clients.data === undefined ? (
            clients.isError ? (
              <ErrorNotice
                title="Could not list the clients."
                error={clients.error}
                onRetry={() => void clients.refetch()}
              />
            ) : (
              <p className="muted">Looking for MCP clients…</p>
            )
          ) : found.length === 0 ? (
            <EmptyState title="No MCP client configs were found." testId="clients-empty">
              Portcullis looks where each client keeps its config (listed below). Add a server to a client, or
              name a project folder, and it shows here.
            </EmptyState>
          ) : (
            found.map((client) => <ClientCard key={client.id} client={client} actions={actions} />)
          )}
          {view === 'clients' && missing.length > 0 ? (
            <details className="panel not-found" data-testid="clients-not-found">
              <summary>Not found on this computer ({missing.length})</summary>
              <ul className="plain-list">
                {missing.map((client) => (
                  <li key={client.id}>
                    {client.name}: looked for{' '}
                    <code className="mono">
                      <Visible text={client.configPath} />
                    </code>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
        <aside className="clients-side" aria-label="Clients settings">
          {status.data ? <ProtectionSettings settings={status.data.settings} /> : null}
          <ProjectFolders projects={projects} onChange={setProjects} />
        </aside>
      </div>
      {change ? (
        <ChangeDialog change={change} projects={projects} onClose={() => setChange(undefined)} />
      ) : null}
      {extensionChange ? (
        <ExtensionDialog target={extensionChange} onClose={() => setExtensionChange(undefined)} />
      ) : null}
    </section>
  );
}

/** Two views of the same configs: per client, or per server with the clients that use it. */
function ViewSwitch({
  view,
  onChange,
}: {
  view: 'clients' | 'servers';
  onChange(view: 'clients' | 'servers'): void;
}) {
  return (
    <div className="view-switch" role="group" aria-label="Show">
      {(['clients', 'servers'] as const).map((option) => (
        <button
          key={option}
          type="button"
          className={`button button-small${view === option ? ' view-current' : ''}`}
          aria-pressed={view === option}
          data-testid={`view-${option}`}
          onClick={() => onChange(option)}
        >
          {option === 'clients' ? 'By client' : 'By server'}
        </button>
      ))}
    </div>
  );
}
