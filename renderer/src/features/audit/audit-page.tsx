import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { pluralize } from '../../lib/format';
import { AuditFiltersForm } from './audit-filters';
import { AUDIT_ROW_CAP, emptyFilters, hasActiveFilters, type AuditFilters } from './audit-query';
import { AuditTable } from './audit-table';
import { useAuditRows } from './use-audit-rows';
import './audit.css';

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(emptyFilters);
  const { query, rows } = useAuditRows(filters);
  const filtered = hasActiveFilters(filters);

  return (
    <section className="page" aria-labelledby="audit-heading">
      <header className="page-header">
        <h1 id="audit-heading">Audit</h1>
        <p className="page-subtitle">
          Every tool call and admin change the gateway recorded, newest first. Select a row for its arguments,
          reason and place in the hash chain.
        </p>
      </header>
      <AuditFiltersForm value={filters} onApply={setFilters} />
      {rows === undefined ? (
        query.isError ? (
          <ErrorNotice
            title="Could not load the audit log."
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        ) : (
          <p className="muted">Loading the audit log…</p>
        )
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No rows match these filters." testId="audit-empty">
            Filters match names exactly. Try fewer filters, or clear them to see the whole log.
          </EmptyState>
        ) : (
          <EmptyState title="The audit log is empty." testId="audit-empty">
            Every tool call that passes through Portcullis is written here. Connect a client on the{' '}
            <a href="#/clients">Clients page</a> (or with <code>npx portcullis connect claude-desktop</code>)
            and use a tool.
          </EmptyState>
        )
      ) : (
        <>
          <p className="muted table-caption" aria-live="polite">
            {pluralize(rows.length, 'row')}
            {query.isFetching && !query.isFetchingNextPage ? ' · refreshing…' : ''}
          </p>
          <AuditTable rows={rows} />
          <div className="table-footer">
            {rows.length >= AUDIT_ROW_CAP ? (
              <p className="muted">
                Showing the newest {AUDIT_ROW_CAP.toLocaleString()} rows. Narrow the filters to reach older
                ones, or use <code>npx portcullis audit</code>.
              </p>
            ) : query.hasNextPage ? (
              <button
                type="button"
                className="button"
                data-testid="audit-load-older"
                disabled={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                {query.isFetchingNextPage ? 'Loading…' : 'Load older'}
              </button>
            ) : (
              <p className="muted" data-testid="audit-end">
                {filtered ? 'No older matching rows.' : 'This is the start of the log.'}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
