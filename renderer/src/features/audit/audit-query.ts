import type { AuditRow, Decision } from '../../../../shared/audit';
import type { AuditQuery } from '../../../../shared/audit-query';

export const AUDIT_PAGE_SIZE = 100;

/**
 * "Load older" stops here: past a few thousand rows the filters, or `npx portcullis audit` with its
 * export formats, serve better than scrolling, and the table stays quick without virtualization.
 */
export const AUDIT_ROW_CAP = 2000;

export interface AuditFilters {
  client: string;
  server: string;
  tool: string;
  decision: Decision | '';
}

export const emptyFilters: AuditFilters = { client: '', server: '', tool: '', decision: '' };

export function parseDecisionFilter(value: string): Decision | '' {
  return value === 'allow' || value === 'deny' ? value : '';
}

export function hasActiveFilters(filters: AuditFilters): boolean {
  return Object.keys(filterArgs(filters)).length > 0;
}

type FilterArgs = Pick<AuditQuery, 'client' | 'server' | 'tool' | 'decision'>;

function filterArgs(filters: AuditFilters): FilterArgs {
  const args: FilterArgs = {};
  const client = filters.client.trim();
  const server = filters.server.trim();
  const tool = filters.tool.trim();
  if (client) args.client = client;
  if (server) args.server = server;
  if (tool) args.tool = tool;
  if (filters.decision) args.decision = filters.decision;
  return args;
}

/** The `audit:query` arguments for one page: empty filters are left out, not sent as "". */
export function toAuditQuery(
  filters: AuditFilters,
  beforeId: number | undefined,
  limit: number = AUDIT_PAGE_SIZE,
): AuditQuery {
  return { limit, ...filterArgs(filters), ...(beforeId === undefined ? {} : { beforeId }) };
}

/** A short page is the last one; otherwise the next page starts below its oldest row. */
export function nextBeforeId(
  page: readonly AuditRow[],
  pageSize: number = AUDIT_PAGE_SIZE,
): number | undefined {
  if (page.length < pageSize) return undefined;
  let oldest = Infinity;
  for (const row of page) oldest = Math.min(oldest, row.id);
  return Number.isFinite(oldest) ? oldest : undefined;
}

/**
 * Pages joined newest first. Rows are de-duplicated by id because a refresh can shift page
 * boundaries while older pages are still the previous ones.
 */
export function flattenPages(pages: readonly (readonly AuditRow[])[]): AuditRow[] {
  const byId = new Map<number, AuditRow>();
  for (const page of pages) for (const row of page) if (!byId.has(row.id)) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}
