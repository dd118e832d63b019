import type { ApiClient } from '../../shared/api';
import type { GatewayEvent } from '../../shared/events';
import { reviewCount, waitsForReview } from '../../shared/trust';
import { visibleText } from '../../shared/visible-text';
import type { NotificationApi } from './approval-alerts';
import type { ApprovalPopup } from './approval-popup';
import type { AppTray } from './tray';

export interface TrustAlertsOptions {
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  /** Bring the dashboard forward (its header links to the Trust page). */
  openDashboard(): void;
  /** The approval popup, which also lists the definitions that calls wait for. */
  popup?: Pick<ApprovalPopup, 'present' | 'open'>;
  Notification?: NotificationApi;
  now?: () => number;
}

/** The same notice is not repeated within this long: a client retrying a held call must not flood. */
const QUIET_MS = 60_000;

/**
 * A desktop notification when a server's or a tool's definition starts waiting for review, or when
 * a call waits for one or a call or a session was refused because of one. Clicking it opens the
 * dashboard, or for a waiting call the popup, which is also put up (like for an approval) where the
 * person can accept or reject the definition. Returns the undo.
 */
export function createTrustAlerts(options: TrustAlertsOptions): () => void {
  const Notification = options.Notification?.isSupported() ? options.Notification : undefined;
  const now = options.now ?? Date.now;
  const lastShown = new Map<string, number>();
  return options.onEvent((event) => {
    if (event.type !== 'trust' || event.change === 'accepted' || event.change === 'rejected') return;
    const waiting = event.change === 'waiting' && options.popup !== undefined;
    if (waiting) options.popup?.present();
    if (!Notification) return;
    const key = [event.change, event.client, event.server, event.tool ?? ''].join('\u0000');
    const at = now();
    if (at - (lastShown.get(key) ?? -Infinity) < QUIET_MS) return;
    lastShown.set(key, at);
    const notification = new Notification({
      title:
        event.change === 'held'
          ? 'Portcullis held a definition no one accepted'
          : event.change === 'waiting'
            ? 'Portcullis: a call waits for your review'
            : 'Portcullis: review needed',
      // The message quotes names and text a server chose.
      body: visibleText(event.message),
    });
    notification.on('click', () => (waiting ? options.popup?.open() : options.openDashboard()));
    notification.show();
  });
}

export interface TrustCountOptions {
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  api: Pick<ApiClient, 'trust:list'>;
  tray: Pick<AppTray, 'update'>;
  /** How many tool definitions wait for a review now (what the popup lists), after each change. */
  onToolsWaiting?(count: number): void;
  log?(line: string): void;
}

/** Reading the overview again waits this long after a burst of events (a listing of many tools). */
const SETTLE_MS = 300;

/**
 * Keeps the tray's count of definitions waiting for the person (held servers, tools changed, new
 * or flagged) in step with trust events and listings. Returns the undo.
 */
export function watchTrustCount(options: TrustCountOptions): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const refresh = async () => {
    try {
      const overview = await options.api['trust:list']({});
      if (stopped) return;
      const { servers, tools } = reviewCount(overview);
      options.tray.update({ reviews: servers + tools });
      options.onToolsWaiting?.(overview.tools.filter(waitsForReview).length);
    } catch (error) {
      options.log?.(
        `Portcullis: could not read what waits for review: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const unsubscribe = options.onEvent((event) => {
    if (event.type !== 'trust' && event.type !== 'tools' && event.type !== 'clients') return;
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), SETTLE_MS);
  });
  void refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  };
}
