import { useMemo } from 'react';
import { useHashParams } from '../../components/use-hash-params';
import { AuditFiltersForm } from './audit-filters';
import { AuditResults } from './audit-results';
import { filterKey, viewFromParams, viewToParams, type AuditView } from './audit-view';
import { useAuditFacets } from './use-audit-queries';
import './audit.css';

export function AuditPage() {
  const { query, navigate } = useHashParams('audit');
  const { view, problems } = useMemo(() => viewFromParams(new URLSearchParams(query)), [query]);
  const facets = useAuditFacets();
  const key = filterKey(view);
  const show = (next: AuditView, replace = false) => navigate(viewToParams(next), { replace });

  return (
    <section className="page audit-page" aria-labelledby="audit-heading">
      <header className="page-header">
        <h1 id="audit-heading">Audit</h1>
        <p className="page-subtitle">
          Every tool call and admin change the gateway recorded, newest first. Search, filter, export what you
          see, and select a row for its arguments, result and why it was decided so.
        </p>
      </header>
      {problems.length > 0 ? (
        <div className="notice" role="status" data-testid="audit-link-problems">
          <p>This link asked for something the page could not show:</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <AuditFiltersForm
        view={view}
        facets={facets.data}
        // A new filter closes the open row: it may not be among the new rows.
        onChange={(next) => show({ ...next, row: undefined, call: undefined })}
      />
      {/* Remounted per filter: a new filter is a new set of pages. */}
      <AuditResults key={key} view={view} onView={show} />
    </section>
  );
}
