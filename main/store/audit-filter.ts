import { ApiError } from '../../shared/api';
import type { AuditFilter } from '../../shared/audit-query';

/** A filter as SQL over `audit a` (and, for text, `audit_fts f`), with its named parameters. */
export interface FilterSql {
  conditions: string[];
  params: Record<string, unknown>;
  /** The FTS5 query, when the filter searches text. */
  match: string | undefined;
}

const equalities = ['kind', 'client', 'server', 'tool', 'decision'] as const;

/**
 * `timeIndex: false` writes the time range as `+a.ts`, which no index serves: pages and exports walk
 * ids in order and get the time range as an id range instead (audit-hours.ts); left to itself the
 * planner may read a whole day through the time index and sort it, for every page.
 */
export function filterSql(filter: AuditFilter, options: { timeIndex?: boolean } = {}): FilterSql {
  const ts = options.timeIndex === false ? '+a.ts' : 'a.ts';
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  for (const column of equalities) {
    const value = filter[column];
    if (value === undefined) continue;
    conditions.push(`a.${column} = @${column}`);
    params[column] = value;
  }
  if (filter.sessionId !== undefined) {
    conditions.push('a.session_id = @sessionId');
    params.sessionId = filter.sessionId;
  }
  const outcomes = filter.outcome === undefined ? [] : [filter.outcome].flat();
  if (outcomes.length > 0) {
    conditions.push(`a.outcome IN (${outcomes.map((_, i) => `@outcome${i}`).join(', ')})`);
    outcomes.forEach((o, i) => (params[`outcome${i}`] = o));
  }
  if (filter.since !== undefined) {
    conditions.push(`${ts} >= @since`);
    params.since = filter.since;
  }
  if (filter.until !== undefined) {
    conditions.push(`${ts} < @until`);
    params.until = filter.until;
  }
  const match = filter.text === undefined || filter.text.trim() === '' ? undefined : ftsQuery(filter.text);
  if (match !== undefined) params.match = match;
  return { conditions, params, match };
}

/**
 * The person's words as an FTS5 query that cannot be a syntax error or reach FTS5's operators:
 * each word becomes a quoted phrase (all must match, in any order); a trailing `*` asks for a
 * prefix. `read_file` is one phrase, so it finds the tool and not every "read" and every "file".
 */
export function ftsQuery(text: string): string {
  const phrases: string[] = [];
  for (const raw of text.trim().split(/\s+/)) {
    const prefix = raw.length > 1 && raw.endsWith('*');
    const word = (prefix ? raw.slice(0, -1) : raw).replace(/^"+|"+$/g, '');
    // A word with no letter or digit has no token to look for: FTS5 would match nothing, or fail.
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    phrases.push(`"${word.replaceAll('"', '""')}"${prefix ? '*' : ''}`);
  }
  if (phrases.length === 0) {
    throw new ApiError(
      'invalid_argument',
      `The search "${text.slice(0, 100)}" has no letters or digits to look for.`,
    );
  }
  return phrases.join(' ');
}

/**
 * `FROM … WHERE …` for a filter. With text, the search index drives the scan in id order, so a page
 * of matches is read without collecting every match first.
 */
export function fromWhere(sql: FilterSql, extra: string[] = [], index?: 'audit_ts'): string {
  const conditions = [...sql.conditions, ...extra];
  if (sql.match !== undefined) {
    conditions.unshift('audit_fts MATCH @match');
    return `FROM audit_fts f CROSS JOIN audit a ON a.id = f.rowid WHERE ${conditions.join(' AND ')}`;
  }
  const from = index ? `audit a INDEXED BY ${index}` : 'audit a';
  return `FROM ${from}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/** The id column to order and page by: FTS5 can walk its own rowid in either direction. */
export function idColumn(sql: FilterSql): string {
  return sql.match !== undefined ? 'f.rowid' : 'a.id';
}
