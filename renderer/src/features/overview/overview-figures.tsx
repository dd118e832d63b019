import type { Outcome } from '../../../../shared/audit';
import type { AuditOverview } from '../../../../shared/audit-query';
import type { TimeRange } from '../../components/time-range';
import { auditHref } from '../audit/audit-view';
import { outcomeSets } from '../audit/outcome-groups';

const sum = (overview: AuditOverview, outcomes: readonly Outcome[]) =>
  outcomes.reduce((total, outcome) => total + (overview.byOutcome[outcome] ?? 0), 0);

/** The headline numbers, each a link to exactly the rows it counts. */
export function OverviewFigures({ overview, range }: { overview: AuditOverview; range: TimeRange }) {
  const figures: {
    key: string;
    label: string;
    value: number;
    outcomes?: readonly Outcome[];
    tone: string;
  }[] = [
    { key: 'calls', label: 'tool calls', value: overview.calls, tone: 'neutral' },
    {
      key: 'allowed',
      label: 'allowed',
      value: sum(overview, ['allowed', 'approved']),
      outcomes: ['allowed', 'approved'],
      tone: 'allowed',
    },
    {
      key: 'denied',
      label: 'denied',
      value: sum(overview, outcomeSets.denials.outcomes),
      outcomes: outcomeSets.denials.outcomes,
      tone: 'denied',
    },
    {
      key: 'asked',
      label: 'asked you',
      value: sum(overview, outcomeSets.asked.outcomes),
      outcomes: outcomeSets.asked.outcomes,
      tone: 'approved',
    },
    {
      key: 'failed',
      label: 'failed',
      value: sum(overview, outcomeSets.failures.outcomes),
      outcomes: outcomeSets.failures.outcomes,
      tone: 'failed',
    },
  ];
  return (
    <ul className="figures" aria-label="In this range">
      {figures.map((figure) => (
        <li key={figure.key}>
          <a
            className={`figure figure-${figure.tone}`}
            href={auditHref({ kind: 'call', range, outcomes: [...(figure.outcomes ?? [])] })}
            data-testid={`figure-${figure.key}`}
          >
            <span className="figure-value">{figure.value.toLocaleString()}</span>
            <span className="figure-label">{figure.label}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
