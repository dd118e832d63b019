import { pluralize } from '../../lib/format';
import { useProtectionStatus } from './use-clients';

/**
 * On every page but Clients: servers in connected clients that are not protected right now (added
 * outside Portcullis, or changed back and waiting for an answer), with the way to the page that fixes it.
 */
export function ProtectionBanner({ onClientsPage }: { onClientsPage: boolean }) {
  const status = useProtectionStatus();
  const count = status.data?.issues.filter((issue) => issue.kind !== 'unreadable').length ?? 0;
  if (onClientsPage || count === 0) return null;
  return (
    <div className="protection-banner" role="status" data-testid="protection-banner">
      <p>
        <strong>
          {pluralize(count, 'server')} in your connected clients {count === 1 ? 'is' : 'are'} not protected.
        </strong>
      </p>
      <a className="button button-small" href="#/clients">
        Review on the Clients page
      </a>
    </div>
  );
}
