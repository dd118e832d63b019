import type { Decision } from '../../../shared/audit';

const labels: Record<Decision, string> = { allow: 'allowed', deny: 'denied', approve: 'asked' };

export function DecisionBadge({ decision }: { decision: Decision }) {
  return <span className={`badge badge-${decision}`}>{labels[decision]}</span>;
}
