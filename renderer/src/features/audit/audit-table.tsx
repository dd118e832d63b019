import { useCallback, useState } from 'react';
import type { AuditRow } from '../../../../shared/audit';
import { AUDIT_COLUMNS, AuditTableRow } from './audit-row';

export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  const [expandedId, setExpandedId] = useState<number | null>(null);
  const toggle = useCallback((id: number) => setExpandedId((current) => (current === id ? null : id)), []);
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            {AUDIT_COLUMNS.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <AuditTableRow key={row.id} row={row} expanded={row.id === expandedId} onToggle={toggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
