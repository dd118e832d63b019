import type { Approval } from '../../../../shared/approvals';
import { visibleText } from '../../../../shared/visible-text';
import { formatTime } from '../../lib/format';

/** `unsupported`: the browser has no Notification API (or the page is not a secure context). */
export type NotifyPermission = NotificationPermission | 'unsupported';

/**
 * A notification only adds something when the person cannot see the tab; when they can, the
 * modal is already in front of them. Permission is only ever asked for from the "Notify me" button.
 */
export function shouldNotify(permission: NotifyPermission, hidden: boolean): boolean {
  return permission === 'granted' && hidden;
}

/** A notification shows text as it is: names from the client and server go in their visible form. */
export function notificationFor(approval: Approval): { title: string; body: string; tag: string } {
  return {
    title: `Approve ${visibleText(approval.tool)} on ${visibleText(approval.server)}?`,
    body:
      `${visibleText(approval.client)} is waiting (${approval.risk.category} · ${approval.risk.risk}). ` +
      `Denied automatically at ${formatTime(approval.deadline)} unless you answer.`,
    // One per approval: a repeated event replaces rather than stacks.
    tag: `portcullis-approval-${approval.id}`,
  };
}

/**
 * The modal is up while any call waits that the person has not put off with "Decide later", and
 * while an answer that did not go through still needs to be read.
 */
export function modalOpen(
  waiting: readonly string[],
  deferred: readonly string[],
  failureShown: boolean,
): boolean {
  return failureShown || waiting.some((id) => !deferred.includes(id));
}
