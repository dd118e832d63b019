/**
 * Query keys are the channel names, so "which query does this event invalidate" reads as "which
 * channel". Parameterised queries add their arguments after the channel.
 */
export const queryKeys = {
  status: ['status:get'],
  sessions: ['sessions:list'],
  liveRecent: ['live:recent'],
  tools: ['tools:list'],
  /** Server acceptance, tool pins and findings (the Trust page and the header's count). */
  trust: ['trust:list'],
  settings: ['settings:get'],
  /** The approval queue: applied in place from events, and read again after each (see features/approvals). */
  approvals: ['approvals:list'],
  /** The active policy. Earlier revisions never change, so they sit under their own number. */
  policy: ['policy:get', 'active'],
  policyRevision: (revision: number) => ['policy:get', revision] as const,
  policyRevisions: ['policy:revisions'],
  policyDraft: ['policy:draft:get'],
  policyCheck: (document: string) => ['policy:check', document] as const,
  policyReplay: (document: string, days: number) => ['policy:replay', document, days] as const,
  /** Every client's configs and servers; parameterised by project folders under the same prefix. */
  clients: ['clients:list'],
  clientsStatus: ['clients:status'],
  clientServers: ['clients:servers'],
} as const;

export type QueryKey = readonly unknown[];

/** What a new active policy makes stale: the policy itself, its history, and every tool's decision. */
export const policyKeys: readonly QueryKey[] = [
  queryKeys.status,
  queryKeys.policy,
  queryKeys.policyRevisions,
  queryKeys.policyDraft,
  queryKeys.tools,
];
