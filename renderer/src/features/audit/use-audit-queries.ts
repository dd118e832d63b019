import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditFilter } from '../../../../shared/audit-query';
import { useApiClient } from '../../api/api-context';
import { useThrottledEvents } from '../../components/use-throttled-events';

/** Counting a search can take a while on a big log: asked again at most this often while rows arrive. */
const COUNT_REFRESH_MS = 3000;
const FACETS_REFRESH_MS = 10_000;

/** How many rows the filter matches in the whole log (capped for searches: `exact` false). */
export function useAuditCount(filter: AuditFilter, key: string) {
  const client = useApiClient();
  const count = useQuery({
    queryKey: ['audit:count', key],
    queryFn: () => client['audit:count'](filter),
    placeholderData: keepPreviousData,
  });
  useThrottledEvents(['audit'], COUNT_REFRESH_MS, () => void count.refetch());
  return count;
}

/** What the filter menus offer: the clients, servers, tools and outcomes the log holds. */
export function useAuditFacets() {
  const client = useApiClient();
  const facets = useQuery({ queryKey: ['audit:facets'], queryFn: () => client['audit:facets']({}) });
  useThrottledEvents(['audit'], FACETS_REFRESH_MS, () => void facets.refetch());
  return facets;
}

/** One row by id (a link to a row that is not among those loaded), or by a Live call's id. */
export function useAuditRow(key: { id: number } | { callId: string } | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['audit:get', key],
    queryFn: () => client['audit:get'](key!),
    enabled: key !== undefined,
    // Rows never change once written.
    staleTime: Infinity,
  });
}
