/**
 * A time range as a person picks it: a preset relative to now ("the last 24 hours", which slides as
 * time passes) or fixed times. Presets stay presets in a link, so a link to "the last hour" still
 * means the last hour when it is opened tomorrow.
 */
export const rangePresets = ['1h', '24h', '7d', '30d'] as const;
export type RangePreset = (typeof rangePresets)[number];

export type TimeRange =
  | { kind: 'all' }
  | { kind: 'preset'; preset: RangePreset }
  /** Milliseconds since the epoch; `since` inclusive, `until` exclusive, either may be open. */
  | { kind: 'custom'; since?: number; until?: number };

const HOUR = 3_600_000;
export const presetMs: Record<RangePreset, number> = {
  '1h': HOUR,
  '24h': 24 * HOUR,
  '7d': 168 * HOUR,
  '30d': 720 * HOUR,
};
export const presetLabels: Record<RangePreset, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

export function isRangePreset(value: string): value is RangePreset {
  return (rangePresets as readonly string[]).includes(value);
}

/** The range in milliseconds, as of `now`. */
export function resolveRange(range: TimeRange, now: number): { since?: number; until?: number } {
  switch (range.kind) {
    case 'all':
      return {};
    case 'preset':
      return { since: now - presetMs[range.preset] };
    case 'custom':
      return {
        ...(range.since === undefined ? {} : { since: range.since }),
        ...(range.until === undefined ? {} : { until: range.until }),
      };
  }
}

/** Writes the range into link parameters: `range=24h`, or `since=`/`until=` in milliseconds. */
export function rangeToParams(range: TimeRange, params: URLSearchParams): void {
  if (range.kind === 'preset') params.set('range', range.preset);
  if (range.kind === 'custom') {
    if (range.since !== undefined) params.set('since', String(range.since));
    if (range.until !== undefined) params.set('until', String(range.until));
  }
}

/**
 * Reads a range from link parameters. What cannot be read is left out and said in `problems`, so a
 * mistyped link shows what it dropped rather than quietly showing a different view.
 */
export function rangeFromParams(params: URLSearchParams, fallback: TimeRange, problems: string[]): TimeRange {
  const preset = params.get('range');
  const since = readTime(params, 'since', problems);
  const until = readTime(params, 'until', problems);
  if (preset !== null) {
    if (preset === 'all') return { kind: 'all' };
    if (isRangePreset(preset)) return { kind: 'preset', preset };
    problems.push(`The time range "${preset}" is not one of all, ${rangePresets.join(', ')}.`);
  }
  if (since !== undefined && until !== undefined && until <= since) {
    problems.push('The time range ends before it starts; it was left out.');
    return fallback;
  }
  if (since !== undefined || until !== undefined) {
    return {
      kind: 'custom',
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
    };
  }
  return fallback;
}

function readTime(params: URLSearchParams, name: 'since' | 'until', problems: string[]): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  // Whole milliseconds within what a Date can hold.
  if (!Number.isSafeInteger(value) || Math.abs(value) > 8.64e15) {
    problems.push(`"${name}" must be a time in milliseconds; "${raw.slice(0, 40)}" was left out.`);
    return undefined;
  }
  return value;
}

/** `datetime-local` input values, in local time, and back. */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}
