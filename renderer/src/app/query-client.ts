import { QueryCache, QueryClient } from '@tanstack/react-query';
import { isUnauthorized, shouldRetry, type UnauthorizedFlag } from './unauthorized';

export function createQueryClient(unauthorized: UnauthorizedFlag): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (isUnauthorized(error)) unauthorized.set();
      },
    }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        // Events keep the data current; a refetch on every focus would only add load.
        refetchOnWindowFocus: false,
      },
    },
  });
}
