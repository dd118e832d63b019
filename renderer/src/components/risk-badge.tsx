import type { Classification } from '../../../shared/tools';
import { visibleText } from '../../../shared/visible-text';

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
        // The reason quotes the tool's name and description: a tooltip shows text as it is.
        title={visibleText(classification.reason)}
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
