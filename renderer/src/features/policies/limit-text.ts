import type { LimitState } from '../../../../shared/policy';

const windows: Record<number, string> = { 1: 'second', 60: 'minute', 3600: 'hour', 86_400: 'day' };
const scopes: Record<LimitState['scope'], string> = {
  grant: 'per client',
  session: 'per session',
  server: 'per server',
  tool: 'per tool',
  global: 'in total',
};

/** `30 a minute per client` */
export function limitText(limit: Pick<LimitState, 'max' | 'windowSeconds' | 'scope'>): string {
  const unit = windows[limit.windowSeconds];
  const per = unit ? `${unit === 'hour' ? 'an' : 'a'} ${unit}` : `per ${limit.windowSeconds} s`;
  return `${limit.max} ${per} ${scopes[limit.scope]}`;
}

/**
 * How full a limit is, or undefined where no one number says it: a session's count belongs to that
 * session, and the page has none.
 */
export function fullness(limit: LimitState): { used: number; full: boolean } | undefined {
  if (limit.scope === 'session') return undefined;
  return { used: limit.used, full: limit.used >= limit.max };
}
