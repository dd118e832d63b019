import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import type { ServerTrust, ToolTrust } from '../../../../shared/trust';

export function useTrust() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.trust, queryFn: () => client['trust:list']({}) });
}

export type ToolAnswer = 'accept' | 'reject';

/** Accept or reject exactly the definition shown (its hash goes with the answer). */
export function useToolAnswer(tool: ToolTrust) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: ToolAnswer) =>
      client[answer === 'accept' ? 'trust:tool:accept' : 'trust:tool:reject']({
        client: tool.client,
        server: tool.server,
        tool: tool.tool,
        hash: tool.hash,
      }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.trust });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tools });
    },
  });
}

export function useServerAccept(server: ServerTrust) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      client['trust:server:accept']({
        client: server.client,
        name: server.name,
        fingerprint: server.fingerprint,
      }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.trust }),
  });
}

/** The `holdNewTools` setting: hold tools first seen on a known server until reviewed. */
export function useHoldNewTools() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (holdNewTools: boolean) => client['trust:settings']({ holdNewTools }),
    // Returned: the page shows its own choice until the saved setting has been read back.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.trust }),
  });
}
