import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useApiClient } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import { ConnectionBadge } from './connection-badge';
import { Visible } from '../components/visible';

/** `children`: the header's controls (approvals waiting, notifications, pause), before the connection. */
export function GatewayHeader({ children }: { children?: ReactNode }) {
  const client = useApiClient();
  const status = useQuery({ queryKey: queryKeys.status, queryFn: () => client['status:get']({}) });
  return (
    <header className="app-header">
      <div className="gateway-status" data-testid="gateway-status">
        {status.data ? (
          <dl className="status-list">
            <div>
              <dt>Sessions</dt>
              <dd data-testid="status-sessions">{status.data.sessions.length}</dd>
            </div>
            <div>
              <dt>Policy</dt>
              <dd data-testid="status-policy-revision">rev {status.data.policyRevision}</dd>
            </div>
            <div className="status-data-dir">
              <dt>Data</dt>
              <dd className="mono" data-testid="status-data-dir" title={status.data.dataDir}>
                {status.data.dataDir}
              </dd>
            </div>
            <div>
              <dt>Version</dt>
              <dd>{status.data.version}</dd>
            </div>
          </dl>
        ) : status.isError ? (
          <p className="status-error" role="alert">
            Gateway not reachable: <Visible text={status.error.message} />
          </p>
        ) : (
          <p className="muted">Contacting the gateway…</p>
        )}
      </div>
      <div className="header-actions">
        {children}
        <ConnectionBadge />
      </div>
    </header>
  );
}
