import type { AuditOverview } from '../../../../shared/audit-query';
import { pluralize } from '../../lib/format';
import { reviewCount } from '../../../../shared/trust';
import { useTrust } from '../trust/use-trust';

/** Now, whatever the range: calls waiting for the person, calls at their servers, trust holds. */
export function WaitingNow({ overview }: { overview: AuditOverview }) {
  const trust = useTrust();
  const review = reviewCount(trust.data);
  const held = review.servers + review.tools;
  return (
    <section className="panel overview-panel waiting-now" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading" className="panel-heading">
        Right now
      </h2>
      <ul className="waiting-list">
        <li
          data-testid="waiting-approvals"
          className={overview.waiting > 0 ? 'waiting-attention' : undefined}
        >
          {overview.waiting > 0 ? (
            <>
              <strong>{pluralize(overview.waiting, 'call')}</strong> waiting for your answer (the
              header&rsquo;s waiting count opens them).
            </>
          ) : (
            'No call is waiting for your answer.'
          )}
        </li>
        <li data-testid="waiting-running">
          {overview.running > 0 ? (
            <a href="#/live">{pluralize(overview.running, 'call')} at their servers</a>
          ) : (
            'No call is running at a server.'
          )}
        </li>
        <li data-testid="waiting-trust" className={held > 0 ? 'waiting-attention' : undefined}>
          {held > 0 ? (
            <a href="#/trust">
              {[
                review.servers > 0 ? pluralize(review.servers, 'server') : '',
                review.tools > 0 ? pluralize(review.tools, 'tool') : '',
              ]
                .filter(Boolean)
                .join(' and ')}{' '}
              {held === 1 ? 'waits' : 'wait'} for your review
            </a>
          ) : (
            'No server or tool waits for review.'
          )}
        </li>
      </ul>
    </section>
  );
}
