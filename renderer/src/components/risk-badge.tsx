import type { Classification } from '../../../shared/tools';

/** A tool's category and risk, coloured by risk; the reason it was classified so is the tooltip. */
export function RiskBadge({
  classification,
  overridden = false,
}: {
  classification: Classification;
  overridden?: boolean;
}) {
  return (
    <span className="risk-badge-group">
      <span
        className={`risk risk-${classification.risk.toLowerCase()}`}
        title={classification.reason}
        data-testid="risk-badge"
        data-category={classification.category}
        data-risk={classification.risk}
      >
        {classification.category} · {classification.risk}
      </span>
      {overridden ? <span className="tag tag-after">set by you</span> : null}
    </span>
  );
}
