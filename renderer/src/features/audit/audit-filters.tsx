import { useState, type ChangeEvent } from 'react';
import { emptyFilters, hasActiveFilters, parseDecisionFilter, type AuditFilters } from './audit-query';

const textFields = [
  { name: 'client', label: 'Client', placeholder: 'e.g. cursor' },
  { name: 'server', label: 'Server', placeholder: 'e.g. github' },
  { name: 'tool', label: 'Tool', placeholder: 'e.g. read_file' },
] as const;

/** Text filters apply on Enter or "Apply"; the decision menu applies as soon as it changes. */
export function AuditFiltersForm({
  value,
  onApply,
}: {
  value: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const [draft, setDraft] = useState(value);

  const onDecision = (event: ChangeEvent<HTMLSelectElement>) => {
    const next = { ...draft, decision: parseDecisionFilter(event.target.value) };
    setDraft(next);
    onApply(next);
  };
  const clear = () => {
    setDraft(emptyFilters);
    onApply(emptyFilters);
  };

  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter audit rows"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      {textFields.map((field) => (
        <label key={field.name} className="field">
          <span className="field-label">{field.label}</span>
          <input
            type="search"
            name={field.name}
            value={draft[field.name]}
            placeholder={field.placeholder}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setDraft({ ...draft, [field.name]: event.target.value })}
          />
        </label>
      ))}
      <label className="field">
        <span className="field-label">Decision</span>
        <select name="decision" value={draft.decision} onChange={onDecision}>
          <option value="">Any</option>
          <option value="allow">Allowed</option>
          <option value="deny">Denied</option>
        </select>
      </label>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply
        </button>
        <button
          type="button"
          className="button"
          onClick={clear}
          disabled={!hasActiveFilters(draft) && !hasActiveFilters(value)}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
