import { describe, expect, it } from 'vitest';
import { reviewCount, type ToolTrust, type TrustOverview } from '../../../shared/trust';

describe('the Trust page', () => {
  it('counts held servers and tools that need review', () => {
    const tool = (state: ToolTrust['state'], flags: ToolTrust['flags'] = []) =>
      ({ state, flags }) as ToolTrust;
    const overview = {
      servers: [{ state: 'held' }, { state: 'accepted' }],
      tools: [tool('trusted'), tool('trusted', ['instructions']), tool('changed'), tool('rejected')],
      holdNewTools: false,
    } as TrustOverview;
    expect(reviewCount(overview)).toEqual({ servers: 1, tools: 3 });
    expect(reviewCount(undefined)).toEqual({ servers: 0, tools: 0 });
  });
});
