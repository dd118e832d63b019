import {
  auditKindSchema,
  decisionSchema,
  outcomeSchema,
  type Decision,
  type Outcome,
} from '../../../../shared/audit';
import type { AuditFilter } from '../../../../shared/audit-query';
import { rangeFromParams, rangeToParams, resolveRange, type TimeRange } from '../../components/time-range';
import { normalizeOutcomes } from './outcome-groups';

/**
 * What the Audit page shows, all of it in its link (`#/audit?q=…&outcome=…&row=…`), so a link
 * reproduces the view: the filters, the time range, and the row whose detail is open.
 */
export interface AuditView {
  text: string;
  client?: string;
  server?: string;
  tool?: string;
  decision?: Decision;
  outcomes: Outcome[];
  kind?: 'call' | 'admin';
  sessionId?: string;
  range: TimeRange;
  /** The row whose detail is open, by id. */
  row?: number;
  /** A Live call whose audit row should open (`audit:get` by call id). */
  call?: string;
}

export const emptyView: AuditView = { text: '', outcomes: [], range: { kind: 'all' } };

/** The filter schema's own limit on names and search text. */
const MAX_TEXT = 500;

export function viewFromParams(params: URLSearchParams): { view: AuditView; problems: string[] } {
  const problems: string[] = [];
  const text = (name: string, label: string, max = MAX_TEXT): string | undefined => {
    const value = params.get(name);
    if (value === null || value.trim() === '') return undefined;
    if (value.length > max) {
      problems.push(`The ${label} in the link is longer than ${max} characters; it was left out.`);
      return undefined;
    }
    return value;
  };
  const view: AuditView = { text: text('q', 'search') ?? '', outcomes: [], range: { kind: 'all' } };
  const client = text('client', 'client');
  const server = text('server', 'server');
  const tool = text('tool', 'tool');
  const sessionId = text('session', 'session', 200);
  if (client !== undefined) view.client = client;
  if (server !== undefined) view.server = server;
  if (tool !== undefined) view.tool = tool;
  if (sessionId !== undefined) view.sessionId = sessionId;

  const decision = params.get('decision');
  if (decision) {
    const parsed = decisionSchema.safeParse(decision);
    if (parsed.success) view.decision = parsed.data;
    else
      problems.push(`"${decision.slice(0, 40)}" is not a decision (${decisionSchema.options.join(', ')}).`);
  }
  const kind = params.get('kind');
  if (kind) {
    const parsed = auditKindSchema.safeParse(kind);
    if (parsed.success) view.kind = parsed.data;
    else problems.push(`"${kind.slice(0, 40)}" is not a kind of row (call or admin).`);
  }
  const outcomes = params.get('outcome');
  if (outcomes) {
    const found: Outcome[] = [];
    for (const name of outcomes.split(',')) {
      const parsed = outcomeSchema.safeParse(name.trim());
      if (parsed.success) found.push(parsed.data);
      else if (name.trim())
        problems.push(`"${name.trim().slice(0, 40)}" is not an outcome; it was left out.`);
    }
    view.outcomes = normalizeOutcomes(found);
  }
  view.range = rangeFromParams(params, { kind: 'all' }, problems);

  const row = params.get('row');
  if (row) {
    const id = Number(row);
    if (Number.isSafeInteger(id) && id > 0) view.row = id;
    else problems.push(`"${row.slice(0, 40)}" is not a row number.`);
  }
  const call = text('call', 'call id', 200);
  if (call !== undefined) view.call = call;
  return { view, problems };
}

export function viewToParams(view: AuditView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.text.trim()) params.set('q', view.text.trim());
  if (view.kind) params.set('kind', view.kind);
  if (view.client) params.set('client', view.client);
  if (view.server) params.set('server', view.server);
  if (view.tool) params.set('tool', view.tool);
  if (view.decision) params.set('decision', view.decision);
  if (view.outcomes.length > 0) params.set('outcome', normalizeOutcomes(view.outcomes).join(','));
  if (view.sessionId) params.set('session', view.sessionId);
  rangeToParams(view.range, params);
  if (view.row !== undefined) params.set('row', String(view.row));
  if (view.call !== undefined) params.set('call', view.call);
  return params;
}

/** A link to the Audit page for a view (from the Overview, the Live page, a row's session). */
export function auditHref(view: Partial<AuditView>): string {
  const params = viewToParams({ ...emptyView, ...view });
  const text = params.toString();
  return `#/audit${text ? `?${text}` : ''}`;
}

/** The filters without the open row: two views with the same key show the same rows. */
export function filterKey(view: AuditView): string {
  const { row: _row, call: _call, ...filters } = view;
  return viewToParams({ ...filters }).toString();
}

/** The API filter for the view, its time range resolved at `now`. */
export function toAuditFilter(view: AuditView, now: number): AuditFilter {
  const filter: AuditFilter = {};
  const text = view.text.trim();
  if (text) filter.text = text;
  if (view.kind) filter.kind = view.kind;
  if (view.client) filter.client = view.client;
  if (view.server) filter.server = view.server;
  if (view.tool) filter.tool = view.tool;
  if (view.decision) filter.decision = view.decision;
  if (view.outcomes.length === 1) filter.outcome = view.outcomes[0]!;
  else if (view.outcomes.length > 1) filter.outcome = normalizeOutcomes(view.outcomes);
  if (view.sessionId) filter.sessionId = view.sessionId;
  const { since, until } = resolveRange(view.range, now);
  if (since !== undefined) filter.since = since;
  if (until !== undefined) filter.until = until;
  return filter;
}

export function hasFilters(view: AuditView): boolean {
  return filterKey(view) !== '';
}
