import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { applyProtection } from './protection-cache';

/** The pause the gateway reports: when protection resumes, or null while it protects. */
export function usePausedUntil(): number | null | undefined {
  const client = useApiClient();
  const status = useQuery({ queryKey: queryKeys.status, queryFn: () => client['status:get']({}) });
  return status.data?.pausedUntil;
}

/** How long "Pause protection" lasts, from the settings (15 minutes until they are read). */
export function usePauseMinutes(): number {
  const client = useApiClient();
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => client['settings:get']({}) });
  return settings.data?.pauseMinutes ?? 15;
}

export function usePause() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (minutes: number) => client['protection:pause']({ minutes }),
    onSuccess: ({ pausedUntil }) => applyProtection(queryClient, pausedUntil),
  });
}

export function useResume() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client['protection:resume']({}),
    onSuccess: () => applyProtection(queryClient, null),
  });
}
