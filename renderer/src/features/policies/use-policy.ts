import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { z } from 'zod';
import { ApiError } from '../../../../shared/api';
import { policyIssueSchema, type PolicyIssue } from '../../../../shared/policy';
import { useApiClient } from '../../api/api-context';
import { policyKeys, queryKeys } from '../../api/query-keys';

/**
 * Refetch what a policy change affects before reporting it done: the page then never shows the
 * new revision next to the old decisions. The `policy` event would do the same, half a second later.
 */
export function refreshPolicy(queryClient: QueryClient): Promise<void> {
  return Promise.all(policyKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(
    () => {},
  );
}

export function useTools() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.tools, queryFn: () => client['tools:list']({}) });
}

export function useActivePolicy() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.policy, queryFn: () => client['policy:get']({}) });
}

export function useRevisions() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.policyRevisions, queryFn: () => client['policy:revisions']({}) });
}

/** A saved revision never changes. */
export function usePolicyRevision(revision: number | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.policyRevision(revision ?? 0),
    queryFn: () => client['policy:get']({ revision: revision! }),
    enabled: revision !== undefined,
    staleTime: Infinity,
  });
}

export function useDraft() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.policyDraft, queryFn: () => client['policy:draft:get']({}) });
}

/** `policy:save`; resolves once the page shows the new revision. */
export function useSavePolicy() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    /**
     * `baseRevision`: the revision the edit started from; a save made meanwhile refuses this one.
     * `what`: the change in a few words, for the history (the gateway adds who: the dashboard).
     */
    mutationFn: async ({
      document,
      baseRevision,
      what,
    }: {
      document: string;
      baseRevision: number;
      what: string;
    }) => {
      const saved = await client['policy:save']({ document, source: what.slice(0, 200), baseRevision });
      await refreshPolicy(queryClient);
      return saved;
    },
  });
}

export function useValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

const CHECK_DELAY_MS = 300;

/**
 * Live validation with `policy:check`, a moment after typing stops. `current` is false while the
 * answer on screen is for older text, so Save can wait for the answer about this text.
 */
export function usePolicyCheck(text: string) {
  const client = useApiClient();
  const settled = useValue(text, CHECK_DELAY_MS);
  const query = useQuery({
    queryKey: queryKeys.policyCheck(settled),
    queryFn: () => client['policy:check']({ document: settled }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
  });
  const current = settled === text && !query.isPlaceholderData && query.data !== undefined;
  return { query, current, valid: current && query.data?.ok === true, issues: query.data?.issues ?? [] };
}

export function useReplay(document: string, days: number) {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.policyReplay(document, days),
    queryFn: () => client['policy:replay']({ document, days }),
    // Recorded calls keep coming: each preview asks again rather than showing an old answer.
    gcTime: 0,
  });
}

const issuesSchema = z.array(policyIssueSchema);

/** The issues a refused save carries (`invalid_argument` with the pointed issues as details). */
export function refusalIssues(error: unknown): PolicyIssue[] {
  if (!(error instanceof ApiError)) return [];
  const parsed = issuesSchema.safeParse(error.details);
  return parsed.success ? parsed.data : [];
}
