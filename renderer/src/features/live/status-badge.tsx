import type { LiveCall } from '../../../../shared/events';

const labels: Record<LiveCall['status'], string> = {
  pending: 'running',
  waiting: 'awaiting approval',
  ok: 'ok',
  error: 'error',
  denied: 'blocked',
};

export function StatusBadge({ status }: { status: LiveCall['status'] }) {
  return <span className={`status status-${status}`}>{labels[status]}</span>;
}
