import { useEffect, useSyncExternalStore } from 'react';
import { useEventStream } from '../api/api-context';
import { ApprovalsPopup } from '../features/approvals/approvals-popup';
import { DashboardShell } from './dashboard-shell';
import type { UnauthorizedFlag } from './unauthorized';
import { UnauthorizedScreen } from './unauthorized-screen';
import { useGatewaySync } from './use-gateway-sync';
import { useRoute } from './use-route';
import '../components/components.css';
import './app.css';

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
  // The desktop app's approval window: the queue alone, no nav or header.
  if (route === 'approvals-popup') return <ApprovalsPopup />;
  return <DashboardShell route={route} />;
}
