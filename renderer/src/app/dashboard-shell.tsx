import { useEffect } from 'react';
import { useTransportKind } from '../api/api-context';
import { ApprovalDialog } from '../features/approvals/approval-dialog';
import { NotifyControl } from '../features/approvals/notify-control';
import { useApprovalModal } from '../features/approvals/use-approval-modal';
import { useApprovalNotifications } from '../features/approvals/use-approval-notifications';
import { WaitingIndicator } from '../features/approvals/waiting-indicator';
import { AuditPage } from '../features/audit/audit-page';
import { ClientsPage } from '../features/clients/clients-page';
import { ProtectionBanner } from '../features/clients/protection-banner';
import { LivePage } from '../features/live/live-page';
import { OverviewPage } from '../features/overview/overview-page';
import { PoliciesPage } from '../features/policies/policies-page';
import { PauseControl } from '../features/protection/pause-control';
import { PausedBanner } from '../features/protection/paused-banner';
import { TrustIndicator } from '../features/trust/trust-indicator';
import { TrustPage } from '../features/trust/trust-page';
import { useTrustNotifications } from '../features/trust/use-trust-notifications';
import { AppNav } from './app-nav';
import { GatewayHeader } from './gateway-header';
import type { RouteId } from './routes';

function Page({ route }: { route: Exclude<RouteId, 'approvals-popup'> }) {
  switch (route) {
    case 'overview':
      return <OverviewPage />;
    case 'live':
      return <LivePage />;
    case 'policies':
      return <PoliciesPage />;
    case 'audit':
      return <AuditPage />;
    case 'trust':
      return <TrustPage />;
    case 'clients':
      return <ClientsPage />;
  }
}

/** The dashboard: nav, header and pages, with the approval modal over all of them when calls wait. */
export function DashboardShell({ route }: { route: Exclude<RouteId, 'approvals-popup'> }) {
  const modal = useApprovalModal();
  const inBrowser = useTransportKind() === 'http';
  // The desktop app's main process shows its own notifications and popup.
  useApprovalNotifications(inBrowser);
  useTrustNotifications(inBrowser);
  const waiting = modal.approvals.length;
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting} waiting) Portcullis` : 'Portcullis';
  }, [waiting]);

  return (
    <>
      <div className="shell" inert={modal.open}>
        <AppNav current={route} />
        <div className="shell-main">
          <GatewayHeader>
            <WaitingIndicator count={waiting} onShow={modal.show} />
            <TrustIndicator />
            {inBrowser ? <NotifyControl /> : null}
            <PauseControl />
          </GatewayHeader>
          <PausedBanner />
          <ProtectionBanner onClientsPage={route === 'clients'} />
          <main className="shell-content">
            <Page route={route} />
          </main>
        </div>
      </div>
      {modal.open ? (
        <ApprovalDialog approvals={modal.approvals} answers={modal.answers} onLater={modal.later} />
      ) : null}
    </>
  );
}
