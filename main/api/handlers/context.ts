import type { GatewayEvent } from '../../../shared/events';
import type { ApprovalBroker } from '../../approvals/broker';
import type { ClientsService } from '../../clients';
import type { ClientsMonitor } from '../../clients/watch/monitor';
import type { Gateway } from '../../gateway/gateway';
import type { PolicyService } from '../../policy/policy-service';
import type { Store } from '../../store';
import type { SettingsStore } from '../../store/settings';
import type { TrustService } from '../../trust/trust-service';

/** What handlers work with. `gateway` is absent when the CLI runs them in-process with no gateway up. */
export interface HandlerContext {
  store: Store;
  policy: PolicyService;
  settings: SettingsStore;
  gateway?: Gateway;
  approvals?: ApprovalBroker;
  /** The gateway's trust service; handlers make their own when the CLI runs them in-process. */
  trust?: TrustService;
  /** Present when the runtime knows how rewritten configs should start the shim. */
  clients?: ClientsService;
  /** The same service with project folders whose configs count too. */
  clientsFor?(projects: readonly string[]): ClientsService;
  /** Watches connected configs while the gateway runs (absent for the CLI's in-process API). */
  monitor?: ClientsMonitor;
  runtime?: { pid: number; startedAt: number; dashboardUrl?: string; socketPath: string };
  dataDir: string;
  version: string;
  /** Tell the dashboards about a change a handler made (absent when no gateway runs). */
  emit?(event: GatewayEvent): void;
}
