import { outcomeDescriptions, outcomeLabels } from '../../../../shared/audit';
import type { LiveCall } from '../../../../shared/events';

const labels: Record<LiveCall['status'], string> = {
  pending: 'running',
  waiting: 'awaiting approval',
  ok: 'ok',
  error: 'error',
  denied: 'blocked',
};

/**
 * While a call runs, its state; once it has ended, how it ended, in the audit log's words. A call
 * held by a trust rule waits for the person to review its tool's definition, not for an approval.
 */
export function StatusBadge({ status, outcome, rule }: Pick<LiveCall, 'status' | 'outcome' | 'rule'>) {
  const label = status === 'waiting' && rule.startsWith('trust.') ? 'awaiting review' : labels[status];
  return (
    <span className={`status status-${status}`} title={outcome ? outcomeDescriptions[outcome] : undefined}>
      {outcome ? outcomeLabels[outcome] : label}
    </span>
  );
}
