import { useState } from 'react';
import type { NotifyPermission } from './approval-alerts';

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * "Notify me": the only place the dashboard asks for permission to show notifications, and only
 * when the person presses it.
 */
export function NotifyControl() {
  const [permission, setPermission] = useState(notifyPermission);
  if (permission === 'unsupported') return null;
  if (permission !== 'default') {
    return (
      <span
        className="header-note"
        data-testid="notify-me"
        data-permission={permission}
        title={
          permission === 'granted'
            ? 'A notification appears when a call waits while this tab is in the background.'
            : "This browser blocks notifications from this page; change it in the site's settings."
        }
      >
        {permission === 'granted' ? 'Notifications on' : 'Notifications blocked'}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="notify-me"
      data-permission={permission}
      title="Get a notification when a call waits for approval while this tab is in the background"
      onClick={() => {
        void Notification.requestPermission().then(setPermission, () => setPermission(notifyPermission()));
      }}
    >
      Notify me
    </button>
  );
}
