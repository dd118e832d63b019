import type { AuditRow } from '../../../../shared/audit';
import { DataTable, useExpandedRow } from '../../components/data-table';
import { AUDIT_COLUMNS, AuditTableRow } from './audit-row';

export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  const [expandedId, toggle] = useExpandedRow<number>();
  return (
    <DataTable columns={AUDIT_COLUMNS}>
      {rows.map((row) => (
        <AuditTableRow key={row.id} row={row} expanded={row.id === expandedId} onToggle={toggle} />
      ))}
    </DataTable>
  );
}
