import type { Approval } from '../../shared/approvals';
import type { GatewayEvent } from '../../shared/events';
import { visibleText } from '../../shared/visible-text';
import type { ApprovalPopup } from './approval-popup';
import type { ApprovalQueue } from './approval-queue';

/** The parts of Electron's `Notification` the alerts use; the real one fits. */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

export interface NotificationApi {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

export interface ApprovalAlertsOptions {
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  queue: Pick<ApprovalQueue, 'current' | 'onChange'>;
  popup: Pick<ApprovalPopup, 'present' | 'open' | 'hide' | 'inView'>;
  /** Electron's `Notification`; left out where there is none. */
  Notification?: NotificationApi;
  /** Whether the popup also shows something else that waits (tool definitions to review). */
  alsoWaiting?(): boolean;
}

/**
 * Puts the popup up when a call starts waiting and takes it down when nothing waits any more. When
 * the popup was not in front of the person as the call arrived, a notification says so as well;
 * clicking it brings the popup forward. Returns the undo.
 */
export function createApprovalAlerts(options: ApprovalAlertsOptions): () => void {
  const { popup, queue } = options;
  const Notification = options.Notification?.isSupported() ? options.Notification : undefined;
  /** One notification at a time, held here (an unreferenced one loses its click handler) with what it announced. */
  let shown: { notification: NotificationLike; announced: Set<string> } | undefined;

  const dismiss = () => {
    const current = shown;
    shown = undefined;
    current?.notification.close();
  };

  const notify = (approval: Approval) => {
    if (!Notification) return;
    const waiting = new Set([...queue.current().map((a) => a.id), approval.id]);
    const announced = new Set([...(shown?.announced ?? []), approval.id]);
    dismiss();
    const notification = new Notification({ ...approvalNotice(approval, waiting.size), silent: false });
    const entry = { notification, announced };
    notification.on('click', () => {
      popup.open();
      if (shown === entry) dismiss();
    });
    notification.on('close', () => {
      if (shown === entry) shown = undefined;
    });
    shown = entry;
    notification.show();
  };

  const unsubscribeEvents = options.onEvent((event) => {
    if (event.type !== 'approval' || event.state !== 'requested') return;
    // Asked before showing it: a popup that was up but not the window in use may be covered.
    const inView = popup.inView();
    popup.present();
    if (!inView) notify(event.approval);
  });

  const unsubscribeQueue = queue.onChange((approvals) => {
    if (approvals.length === 0) {
      if (!options.alsoWaiting?.()) popup.hide();
      dismiss();
      return;
    }
    // A notification about calls that no longer wait would send the person to an empty answer.
    if (shown && !approvals.some((approval) => shown?.announced.has(approval.id))) dismiss();
  });

  return () => {
    unsubscribeEvents();
    unsubscribeQueue();
    dismiss();
  };
}

/**
 * What the notification says: the call, its risk, and how long is left to answer. Names come from
 * config files, the client program and the server: shown in their visible form, so that a bidi
 * control or a line break cannot make the notice say something else.
 */
export function approvalNotice(approval: Approval, waiting: number): { title: string; body: string } {
  const call = `${visibleText(approval.server)} › ${visibleText(approval.tool)}`;
  const client = visibleText(approval.client);
  const who = approval.askedBy ? `${client} (${visibleText(approval.askedBy)})` : client;
  const risk = `${approval.risk.risk} risk, ${approval.risk.category}`;
  const deadline = `No answer within ${duration(approval.deadline - approval.requestedAt)} means deny.`;
  if (waiting <= 1) {
    return { title: `Approval needed: ${call}`, body: `${who} is waiting. ${risk}. ${deadline}` };
  }
  return {
    title: `${waiting} calls are waiting for approval`,
    body: `Newest: ${call} from ${who}. ${risk}. ${deadline}`,
  };
}

function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}
