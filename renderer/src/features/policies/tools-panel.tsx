import { useId, useMemo, useState } from 'react';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { Visible } from '../../components/visible';
import { pluralize } from '../../lib/format';
import { readPolicy, type PolicyInput } from './policy-edit';
import { groupToolsByServer, type ServerGroup } from './tool-groups';
import { TOOL_COLUMNS, ToolRow, type ActivePolicyView } from './tool-row';
import { useActivePolicy, useTools } from './use-policy';

export function ToolsPanel() {
  const tools = useTools();
  const active = useActivePolicy();
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => (tools.data ? groupToolsByServer(tools.data) : undefined), [tools.data]);
  const policy = useMemo((): ActivePolicyView | undefined => {
    if (!active.data) return undefined;
    let doc: PolicyInput;
    try {
      doc = readPolicy(active.data.document);
    } catch {
      return undefined;
    }
    return { revision: active.data.revision, text: active.data.document, doc };
  }, [active.data]);

  if (tools.isError) {
    return (
      <ErrorNotice
        title="Could not load the tools."
        error={tools.error}
        onRetry={() => void tools.refetch()}
      />
    );
  }
  if (active.isError) {
    return (
      <ErrorNotice
        title="Could not load the active policy."
        error={active.error}
        onRetry={() => void active.refetch()}
      />
    );
  }
  if (!groups || !active.data) return <p className="muted">Loading tools…</p>;
  if (!policy) {
    return (
      <ErrorNotice
        title="The active policy could not be read as JSON."
        error="Fix it in the Document tab; the tools here can be edited again once it parses."
      />
    );
  }
  if (groups.length === 0) {
    return (
      <EmptyState title="No tools seen yet." testId="tools-empty">
        They appear when a client lists a server’s tools through Portcullis. Connect a client on the{' '}
        <a href="#/clients">Clients page</a> (or with <code>npx portcullis connect claude-desktop</code>) and
        start it.
      </EmptyState>
    );
  }

  const needle = filter.trim().toLowerCase();
  const shown = groups
    .map((group) => ({
      ...group,
      tools: needle
        ? group.tools.filter(
            (t) => t.name.toLowerCase().includes(needle) || group.server.toLowerCase().includes(needle),
          )
        : group.tools,
    }))
    .filter((group) => group.tools.length > 0);
  const total = groups.reduce((sum, g) => sum + g.tools.length, 0);

  return (
    <div className="tools-panel">
      <div className="toolbar">
        <label className="control">
          <span className="control-label">Filter</span>
          <input
            type="search"
            value={filter}
            placeholder="tool or server name"
            aria-label="Filter tools"
            onChange={(event) => setFilter(event.target.value)}
          />
        </label>
        <p className="muted small">
          {pluralize(total, 'tool')} on {pluralize(groups.length, 'server')}. A change here saves a new
          revision of the policy at once; the History tab can roll it back.
        </p>
      </div>
      {shown.length === 0 ? (
        <EmptyState title="No tools match this filter." />
      ) : (
        shown.map((group) => <ServerSection key={group.server} group={group} policy={policy} />)
      )}
    </div>
  );
}

function ServerSection({ group, policy }: { group: ServerGroup; policy: ActivePolicyView }) {
  const headingId = useId();
  const servers = policy.doc.servers;
  const serverDefault =
    servers && Object.hasOwn(servers, group.server) ? servers[group.server]?.default : undefined;
  return (
    <section
      className="server-section"
      aria-labelledby={headingId}
      data-testid="server-section"
      data-server={group.server}
    >
      <header className="server-header">
        <h2 id={headingId} className="server-name mono">
          <Visible text={group.server} />
        </h2>
        <span className="count">{pluralize(group.tools.length, 'tool')}</span>
        <span className="muted small" data-testid="server-clients">
          used by <Visible text={group.clients.join(', ')} />
        </span>
        <span className="muted small server-default">
          Tools no rule names: {serverDefault ?? policy.doc.default}
          {serverDefault ? (
            <Visible text={` (servers.${group.server}.default)`} />
          ) : (
            ' (the policy’s default)'
          )}
        </span>
      </header>
      <DataTable columns={TOOL_COLUMNS} className="tools-table">
        {group.tools.map((tool) => (
          <ToolRow key={tool.name} tool={tool} policy={policy} />
        ))}
      </DataTable>
    </section>
  );
}
