import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { flattenPages, nextBeforeId, toAuditQuery, type AuditFilters } from './audit-query';

/**
 * Pages of `audit:query`, newest first, each page below the previous page's oldest id. An `audit`
 * event invalidates the whole key; TanStack then refetches the loaded pages from the top, so page
 * boundaries move with the new rows instead of leaving gaps.
 */
export function useAuditRows(filters: AuditFilters) {
  const client = useApiClient();
  const query = useInfiniteQuery({
    queryKey: [...queryKeys.audit, filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => client['audit:query'](toAuditQuery(filters, pageParam)),
    getNextPageParam: (lastPage) => nextBeforeId(lastPage),
    // Keep showing the old rows while a new filter loads, rather than flashing "Loading".
    placeholderData: keepPreviousData,
  });
  const pages = query.data?.pages;
  const rows = useMemo(() => (pages ? flattenPages(pages) : undefined), [pages]);
  return { query, rows };
}
