import { needsReview, type TrustOverview } from '../../../../shared/trust';

/** What waits for the person: held servers, and tools held or flagged. */
export function reviewCount(overview: TrustOverview | undefined): { servers: number; tools: number } {
  if (!overview) return { servers: 0, tools: 0 };
  return {
    servers: overview.servers.filter((s) => s.state === 'held').length,
    tools: overview.tools.filter(needsReview).length,
  };
}
