import { describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../../shared/audit';
import { bucketLabel, niceMax, toBars } from '../../../renderer/src/features/overview/chart-scale';
import { overviewSpan } from '../../../renderer/src/features/overview/overview-range';
import {
  groupOf,
  outcomeChoice,
  outcomeGroupOrder,
  outcomesForChoice,
} from '../../../renderer/src/features/audit/outcome-groups';

describe('the outcome chart', () => {
  it('stacks each period by kind of outcome, in one order, and counts every call', () => {
    const bars = toBars(
      [
        { start: 0, counts: { allowed: 5, server_error: 1, timed_out: 2, rejected: 1 } },
        { start: 60_000, counts: {} },
      ],
      60_000,
    );
    expect(bars[0]).toEqual({
      start: 0,
      end: 60_000,
      total: 9,
      groups: [
        { group: 'allowed', calls: 5 },
        { group: 'rejected', calls: 1 },
        { group: 'failed', calls: 3 },
      ],
    });
    expect(bars[1]!.total).toBe(0);
  });

  it('puts every outcome in a group, and rounds the axis up to 1, 2 or 5 of a power of ten', () => {
    for (const outcome of outcomeSchema.options) expect(outcomeGroupOrder).toContain(groupOf(outcome));
    expect([0, 1, 3, 7, 10, 11, 4999, 5001].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 5000, 10_000]);
  });

  it('labels periods by time within a day, by day beyond', () => {
    const at = new Date(2026, 0, 2, 9, 5).getTime();
    expect(bucketLabel(at, 900_000, 86_400_000)).toBe('09:05');
    expect(bucketLabel(at, 86_400_000, 7 * 86_400_000)).not.toContain(':');
  });

  it('covers a range with an open end or start', () => {
    expect(overviewSpan({ kind: 'preset', preset: '1h' }, 10_000_000)).toEqual({
      since: 6_400_000,
      until: 10_000_000,
    });
    expect(overviewSpan({ kind: 'custom', since: 5 }, 100)).toEqual({ since: 5, until: 100 });
    expect(overviewSpan({ kind: 'custom', until: 100_000_000 }, 0)).toEqual({
      since: 100_000_000 - 86_400_000,
      until: 100_000_000,
    });
  });
});

describe('the outcome menu', () => {
  it('names a set of outcomes by its choice, and back', () => {
    expect(outcomeChoice([])).toBe('');
    expect(outcomeChoice(['rejected'])).toBe('rejected');
    expect(outcomeChoice(['rate_limited', 'rejected', 'denied'])).toBe('set:denials');
    expect(outcomeChoice(['denied', 'unknown'])).toBe('custom');
    expect(outcomesForChoice('set:denials')).toEqual(['denied', 'rejected', 'rate_limited']);
    expect(outcomesForChoice('set:__proto__')).toBeUndefined();
    expect(outcomesForChoice('nope')).toBeUndefined();
  });
});
