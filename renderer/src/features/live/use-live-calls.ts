import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { mergeWithCache } from './live-cache';
import { LIVE_CALL_CAP } from './live-calls';

export function useLiveCalls() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: queryKeys.liveRecent,
    queryFn: async () => mergeWithCache(queryClient, await client['live:recent']({ limit: LIVE_CALL_CAP })),
  });
}

export function useSessions() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.sessions, queryFn: () => client['sessions:list']({}) });
}
