import type { Outcome } from '../../../../shared/audit';
import { groupOf, outcomeGroupOrder, type OutcomeGroup } from '../audit/outcome-groups';

export interface Bar {
  start: number;
  end: number;
  total: number;
  /** Calls per outcome group, in `outcomeGroupOrder`, bottom of the stack first. */
  groups: { group: OutcomeGroup; calls: number }[];
}

export function toBars(
  series: readonly { start: number; counts: Partial<Record<Outcome, number>> }[],
  bucketMs: number,
): Bar[] {
  return series.map(({ start, counts }) => {
    const byGroup = new Map<OutcomeGroup, number>();
    let total = 0;
    for (const [outcome, calls] of Object.entries(counts) as [Outcome, number][]) {
      total += calls;
      const group = groupOf(outcome);
      byGroup.set(group, (byGroup.get(group) ?? 0) + calls);
    }
    return {
      start,
      end: start + bucketMs,
      total,
      groups: outcomeGroupOrder
        .filter((group) => (byGroup.get(group) ?? 0) > 0)
        .map((group) => ({ group, calls: byGroup.get(group)! })),
    };
  });
}

/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the tallest bar. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** A bucket's start as a person reads it: the time for ranges within a day, the day and time beyond. */
export function bucketLabel(start: number, bucketMs: number, spanMs: number): string {
  const date = new Date(start);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (spanMs <= 24 * 3_600_000 && bucketMs < 24 * 3_600_000) return time;
  const day = date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  return bucketMs >= 24 * 3_600_000 ? day : `${day} ${time}`;
}
