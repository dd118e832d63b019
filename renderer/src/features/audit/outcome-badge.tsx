import { outcomeDescriptions, outcomeLabels, type Outcome } from '../../../../shared/audit';
import './outcome.css';
import { groupOf } from './outcome-groups';

/** How a call ended, in the audit log's words, coloured by kind (allowed, denied, failed, …). */
export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return (
    <span className={`outcome outcome-${groupOf(outcome)}`} title={outcomeDescriptions[outcome]}>
      {outcomeLabels[outcome]}
    </span>
  );
}
