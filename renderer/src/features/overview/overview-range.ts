import { presetMs, rangeFromParams, type TimeRange } from '../../components/time-range';

export const overviewPresets = ['1h', '24h', '7d'] as const;
export const defaultOverviewRange: TimeRange = { kind: 'preset', preset: '24h' };

/** The Overview always has a range: the last 24 hours unless the link says otherwise. */
export function overviewRangeFromParams(params: URLSearchParams): { range: TimeRange; problems: string[] } {
  const problems: string[] = [];
  let range = rangeFromParams(params, defaultOverviewRange, problems);
  if (range.kind === 'all') {
    problems.push('The Overview needs a time range; it shows the last 24 hours.');
    range = defaultOverviewRange;
  }
  return { range, problems };
}

/** Both ends, as of `now`: an open start is the day before the end; an open end is now. */
export function overviewSpan(range: TimeRange, now: number): { since: number; until: number } {
  if (range.kind === 'preset') return { since: now - presetMs[range.preset], until: now };
  if (range.kind === 'custom') {
    const until = range.until ?? now;
    return { since: range.since ?? until - presetMs['24h'], until };
  }
  return { since: now - presetMs['24h'], until: now };
}
