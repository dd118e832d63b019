import type { QueryClient } from '@tanstack/react-query';
import type { ApiResult } from '../../../../shared/api';
import { queryKeys } from '../../api/query-keys';

/** The header learns of a pause or resume at once, rather than at the next status read. */
export function applyProtection(queryClient: QueryClient, pausedUntil: number | null): void {
  queryClient.setQueryData<ApiResult<'status:get'>>(queryKeys.status, (old) =>
    old ? { ...old, pausedUntil } : old,
  );
}
