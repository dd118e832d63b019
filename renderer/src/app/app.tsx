import { useEffect, useSyncExternalStore } from 'react';
import { useEventStream } from '../api/api-context';
import { AuditPage } from '../features/audit/audit-page';
import { LivePage } from '../features/live/live-page';
import { PoliciesPage } from '../features/policies/policies-page';
import { AppNav } from './app-nav';
import { GatewayHeader } from './gateway-header';
import type { RouteId } from './routes';
import type { UnauthorizedFlag } from './unauthorized';
import { UnauthorizedScreen } from './unauthorized-screen';
import { useGatewaySync } from './use-gateway-sync';
import { useRoute } from './use-route';
import '../components/components.css';
import './app.css';

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'live':
      return <LivePage />;
    case 'policies':
      return <PoliciesPage />;
    case 'audit':
      return <AuditPage />;
  }
}

export function App({ unauthorized }: { unauthorized: UnauthorizedFlag }) {
  const locked = useSyncExternalStore(unauthorized.subscribe, unauthorized.get);
  const route = useRoute();
  const events = useEventStream();
  useGatewaySync();
  // Locked out is final until the page reloads: stop knocking on the event socket meanwhile.
  useEffect(() => {
    if (locked) events.close();
  }, [locked, events]);
  if (locked) return <UnauthorizedScreen />;
  return (
    <div className="shell">
      <AppNav current={route} />
      <div className="shell-main">
        <GatewayHeader />
        <main className="shell-content">
          <Page route={route} />
        </main>
      </div>
    </div>
  );
}
