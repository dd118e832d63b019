import { pluralize } from '../../lib/format';
import { reviewCount } from '../../../../shared/trust';
import { useTrust } from './use-trust';
import './trust.css';

/** The header's "N to review": a link to the Trust page while servers or tools wait for the person. */
export function TrustIndicator() {
  const { servers, tools } = reviewCount(useTrust().data);
  const count = servers + tools;
  if (count === 0) return null;
  const what = [
    servers ? `${pluralize(servers, 'server')} held` : '',
    tools ? `${pluralize(tools, 'tool')} to review` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <a
      className="trust-indicator"
      href="#/trust"
      data-testid="trust-indicator"
      data-count={count}
      title={what}
    >
      <span className="trust-dot" aria-hidden="true" />
      {count} to review
    </a>
  );
}
