import { visibleText } from '../../../../shared/visible-text';
import { useEffect } from 'react';
import { useEventStream } from '../../api/api-context';
import { notifyPermission } from '../approvals/notify-control';
import { shouldNotify } from '../approvals/approval-alerts';

/**
 * A browser notification when a definition starts waiting for review, or a call waits for one or
 * is refused because of one, while the tab is hidden. Not used in the desktop app, whose main process has its own.
 */
export function useTrustNotifications(enabled: boolean): void {
  const events = useEventStream();
  useEffect(() => {
    if (!enabled) return;
    const unsubscribe = events.subscribe((event) => {
      if (event.type !== 'trust' || event.change === 'accepted' || event.change === 'rejected') return;
      if (!shouldNotify(notifyPermission(), document.visibilityState === 'hidden')) return;
      try {
        const notification = new Notification('Portcullis: review needed', {
          body: visibleText(event.message),
          tag: `portcullis-trust-${event.client}-${event.server}-${event.tool ?? ''}`,
        });
        notification.onclick = () => {
          window.focus();
          window.location.hash = '#/trust';
          notification.close();
        };
      } catch {
        // Some browsers only allow notifications from a service worker; the header still shows it.
      }
    });
    return unsubscribe;
  }, [enabled, events]);
}
