import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { AuditFilter } from '../../../../shared/audit-query';
import { useApiClient, useConnectionState } from '../../api/api-context';
import { useThrottledEvents } from '../../components/use-throttled-events';
import { createAuditFeed, type AuditFeed, type AuditFeedState } from './audit-feed';

/** New rows are fetched at most this often while calls stream. */
const CATCH_UP_MS = 1000;

/**
 * The rows for one filter (the caller remounts for another). Follows the log's `audit` events, and
 * starts over when the event connection comes back, since events were missed while it was down.
 */
export function useAuditFeed(filter: AuditFilter): { feed: AuditFeed; state: AuditFeedState } {
  const client = useApiClient();
  const [feed] = useState(() => createAuditFeed((args) => client['audit:query'](args), filter));
  const state = useSyncExternalStore(feed.subscribe, feed.get);
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  useThrottledEvents(['audit'], CATCH_UP_MS, (event) => {
    if (event.type === 'audit') feed.catchUp(event.lastId);
  });
  const { state: connection } = useConnectionState();
  const opens = connection.kind === 'open' ? connection.opens : undefined;
  const seenOpens = useRef(opens);
  useEffect(() => {
    if (opens === undefined || opens === seenOpens.current) return;
    const reconnected = seenOpens.current !== undefined;
    seenOpens.current = opens;
    if (reconnected) feed.start();
  }, [opens, feed]);
  return { feed, state };
}
