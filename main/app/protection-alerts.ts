import type { ApiClient } from '../../shared/api';
import type { ProtectionNotice } from '../../shared/clients';
import type { GatewayEvent } from '../../shared/events';
import { visibleText } from '../../shared/visible-text';
import type { NotificationApi, NotificationLike } from './approval-alerts';
import type { AppTray, UnprotectedItem } from './tray';

export interface ProtectionAlertsOptions {
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  api: Pick<ApiClient, 'clients:status'>;
  tray: Pick<AppTray, 'update'>;
  /** Electron's `Notification`; left out where there is none. */
  Notification?: NotificationApi;
  /** Where a click on a notification goes: the dashboard's Clients page. */
  openClients(): void;
  log?(line: string): void;
}

/** Reading the status again waits this long after a burst of `clients` events. */
const SETTLE_MS = 300;

/**
 * Keeps the tray's list of servers that run without Portcullis in step with the watcher, and
 * turns its notices into desktop notifications (a repair, drift waiting for an answer, a server
 * added behind Portcullis's back); clicking one opens the Clients page. Returns the undo.
 */
export function createProtectionAlerts(options: ProtectionAlertsOptions): () => void {
  const Notification = options.Notification?.isSupported() ? options.Notification : undefined;
  /** Held so that the click handler is not collected with an unreferenced notification. */
  const shown = new Set<NotificationLike>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const refresh = async () => {
    try {
      const status = await options.api['clients:status']({});
      if (stopped) return;
      options.tray.update({
        unprotected: status.issues.flatMap((issue): UnprotectedItem[] =>
          issue.kind === 'unreadable'
            ? []
            : [
                {
                  client: issue.client,
                  clientName: issue.clientName,
                  server: issue.server,
                  kind: issue.kind,
                },
              ],
        ),
      });
    } catch (error) {
      options.log?.(
        `Portcullis: could not read what is protected: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), SETTLE_MS);
  };

  const notify = (notice: ProtectionNotice) => {
    if (!Notification) return;
    const notification = new Notification({
      ...protectionNotice(notice),
      silent: notice.kind === 'repaired',
    });
    shown.add(notification);
    notification.on('click', () => {
      options.openClients();
      notification.close();
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
  };

  const unsubscribe = options.onEvent((event) => {
    if (event.type !== 'clients') return;
    if (event.notice) notify(event.notice);
    soon();
  });
  void refresh();
  return () => {
    stopped = true;
    unsubscribe();
    clearTimeout(timer);
    for (const notification of shown) notification.close();
    shown.clear();
  };
}

const titles: Record<ProtectionNotice['kind'], (client: string) => string> = {
  repaired: (client) => `Protection put back in ${client}`,
  drifted: (client) => `${client} took protection away`,
  unprotected: (client) => `A server was added to ${client}`,
  protected: (client) => `New server in ${client} protected`,
  stopped: (client) => `Portcullis stopped repairing ${client}`,
  unreadable: (client) => `${client}'s config cannot be read`,
};

/** What the notification says. Server names and paths come from config files: shown in their visible form. */
export function protectionNotice(notice: ProtectionNotice): { title: string; body: string } {
  return { title: titles[notice.kind](visibleText(notice.clientName)), body: visibleText(notice.message) };
}
