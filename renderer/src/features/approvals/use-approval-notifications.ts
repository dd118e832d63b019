import { useEffect } from 'react';
import { useEventStream } from '../../api/api-context';
import { notificationFor, shouldNotify } from './approval-alerts';
import { notifyPermission } from './notify-control';

/**
 * A browser notification for a call that starts waiting while the tab is hidden; it goes away when
 * the call stops waiting. Not used in the desktop app, whose main process has its own.
 */
export function useApprovalNotifications(enabled: boolean): void {
  const events = useEventStream();
  useEffect(() => {
    if (!enabled) return;
    const shown = new Map<string, Notification>();
    const unsubscribe = events.subscribe((event) => {
      if (event.type !== 'approval') return;
      const { id } = event.approval;
      if (event.state === 'resolved') {
        shown.get(id)?.close();
        shown.delete(id);
        return;
      }
      if (!shouldNotify(notifyPermission(), document.visibilityState === 'hidden')) return;
      const { title, body, tag } = notificationFor(event.approval);
      try {
        const notification = new Notification(title, { body, tag, requireInteraction: true });
        notification.onclick = () => {
          window.focus();
          notification.close();
        };
        shown.set(id, notification);
      } catch {
        // Some browsers only allow notifications from a service worker; the modal still shows.
      }
    });
    return () => {
      unsubscribe();
      for (const notification of shown.values()) notification.close();
    };
  }, [enabled, events]);
}
