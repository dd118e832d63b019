import { pluralize } from '../../lib/format';
import './approvals.css';

/** The header's "N waiting": opens the approval modal again after "Decide later". */
export function WaitingIndicator({ count, onShow }: { count: number; onShow: () => void }) {
  if (count === 0) return null;
  return (
    <button
      type="button"
      className="waiting-indicator"
      data-testid="approvals-waiting"
      data-count={count}
      title={`${pluralize(count, 'call')} waiting for your approval`}
      onClick={onShow}
    >
      <span className="waiting-dot" aria-hidden="true" />
      {count} waiting
    </button>
  );
}
