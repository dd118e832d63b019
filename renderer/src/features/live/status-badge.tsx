import { outcomeDescriptions, outcomeLabels } from '../../../../shared/audit';
import type { LiveCall } from '../../../../shared/events';

const labels: Record<LiveCall['status'], string> = {
  pending: 'running',
  waiting: 'awaiting approval',
  ok: 'ok',
  error: 'error',
  denied: 'blocked',
};

/** While a call runs, its state; once it has ended, how it ended, in the audit log's words. */
export function StatusBadge({ status, outcome }: Pick<LiveCall, 'status' | 'outcome'>) {
  return (
    <span className={`status status-${status}`} title={outcome ? outcomeDescriptions[outcome] : undefined}>
      {outcome ? outcomeLabels[outcome] : labels[status]}
    </span>
  );
}
