/**
 * Query keys are the channel names, so "which query does this event invalidate" reads as "which
 * channel". Parameterised queries add their arguments after the channel.
 */
export const queryKeys = {
  status: ['status:get'],
  sessions: ['sessions:list'],
  liveRecent: ['live:recent'],
  audit: ['audit:query'],
} as const;

export type QueryKey = readonly unknown[];
