import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useSyncExternalStore } from 'react';
import type { ApiResult } from '../../../../shared/api';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';

export type ClientReport = ApiResult<'clients:list'>[number];
export type ServerReport = ClientReport['servers'][number];
export type ConnectResult = ApiResult<'clients:connect'>;
export type DisconnectResult = ApiResult<'clients:disconnect'>;

/** Every client's configs and servers, with these project folders' configs too. */
export function useClients(projects: readonly string[]) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...queryKeys.clients, projects],
    queryFn: () => client['clients:list']({ projects: [...projects] }),
  });
}

/** Every server once, with the clients that use it. */
export function useServerGroups(projects: readonly string[], enabled: boolean) {
  const client = useApiClient();
  return useQuery({
    queryKey: [...queryKeys.clientServers, projects],
    queryFn: () => client['clients:servers']({ projects: [...projects] }),
    enabled,
  });
}

export function useProtectionStatus() {
  const client = useApiClient();
  return useQuery({ queryKey: queryKeys.clientsStatus, queryFn: () => client['clients:status']({}) });
}

/** Everything a change to the configs makes stale; the `clients` event would do it half a second later. */
function useRefreshClients() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [queryKeys.clients, queryKeys.clientsStatus].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    ).then(() => undefined);
}

export function useSaveProtectionSettings() {
  const client = useApiClient();
  const refresh = useRefreshClients();
  return useMutation({
    mutationFn: async (patch: { repairMode?: 'auto' | 'ask'; protectNewServers?: boolean }) => {
      const saved = await client['clients:settings'](patch);
      await refresh();
      return saved;
    },
  });
}

export function useRepair() {
  const client = useApiClient();
  const refresh = useRefreshClients();
  return useMutation({
    mutationFn: async ({ clientId, servers }: { clientId: string; servers?: string[] }) => {
      const result = await client['clients:repair']({ client: clientId, ...(servers ? { servers } : {}) });
      await refresh();
      return result;
    },
  });
}

/** One client in a change: all its servers, or only the named ones. */
export interface ChangeTarget {
  clientId: string;
  clientName: string;
  servers?: string[];
  restart: ClientReport['restart'];
}

/** A change the person previews before it is made: connect or disconnect, of one client or several. */
export interface Change {
  action: 'connect' | 'disconnect';
  targets: ChangeTarget[];
  /** For the dialog's title: `Cursor`, `time in Cursor`, `every client`. */
  label: string;
}

export type Outcome =
  | { action: 'connect'; target: ChangeTarget; result: ConnectResult }
  | { action: 'disconnect'; target: ChangeTarget; result: DisconnectResult }
  | { action: Change['action']; target: ChangeTarget; error: string };

async function run(
  client: ReturnType<typeof useApiClient>,
  action: Change['action'],
  target: ChangeTarget,
  dryRun: boolean,
  projects: readonly string[],
): Promise<Outcome> {
  const selection = target.servers ? { servers: target.servers } : {};
  try {
    if (action === 'connect')
      return {
        action,
        target,
        result: await client['clients:connect']({
          client: target.clientId,
          dryRun,
          projects: [...projects],
          ...selection,
        }),
      };
    return {
      action,
      target,
      result: await client['clients:disconnect']({ client: target.clientId, dryRun, ...selection }),
    };
  } catch (error) {
    return { action, target, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The dry run, per client: what would change in which file, and (for connect) exactly what would run. */
export function usePreview(change: Change, projects: readonly string[]) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['clients:preview', change, projects],
    // A preview is of the files as they are now: never served from an older look.
    gcTime: 0,
    staleTime: 0,
    refetchOnWindowFocus: false,
    queryFn: async () => {
      const outcomes: Outcome[] = [];
      for (const target of change.targets)
        outcomes.push(await run(client, change.action, target, true, projects));
      return outcomes;
    },
  });
}

/** Make the change, one client after another; a client that fails does not stop the others. */
export function useApplyChange(projects: readonly string[]) {
  const client = useApiClient();
  const refresh = useRefreshClients();
  return useMutation({
    mutationFn: async (change: Change) => {
      const outcomes: Outcome[] = [];
      for (const target of change.targets)
        outcomes.push(await run(client, change.action, target, false, projects));
      await refresh();
      return outcomes;
    },
  });
}

const PROJECTS_KEY = 'portcullis.clients.projects';
const listeners = new Set<() => void>();
/** Where the list lives when the browser keeps no storage for this page. */
let unstored = '[]';

function readProjects(): string {
  try {
    return localStorage.getItem(PROJECTS_KEY) ?? unstored;
  } catch {
    return unstored;
  }
}

/** Project folders whose configs the page includes, remembered in this browser. */
export function useProjectFolders(): [string[], (next: string[]) => void] {
  const raw = useSyncExternalStore((onChange) => {
    listeners.add(onChange);
    return () => listeners.delete(onChange);
  }, readProjects);
  const projects = useMemo(() => {
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      // A damaged entry reads as no folders.
      return [];
    }
  }, [raw]);
  const set = (next: string[]) => {
    unstored = JSON.stringify(next);
    try {
      localStorage.setItem(PROJECTS_KEY, unstored);
    } catch {
      // Storage may be off: the list then lasts until the page reloads.
    }
    for (const listener of listeners) listener();
  };
  return [projects, set];
}
