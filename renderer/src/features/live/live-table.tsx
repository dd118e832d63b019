import type { LiveCall } from '../../../../shared/events';
import { DataTable, useExpandedRow } from '../../components/data-table';
import { LIVE_COLUMNS, LiveRow } from './live-row';

export function LiveTable({ calls }: { calls: readonly LiveCall[] }) {
  const [expandedId, toggle] = useExpandedRow<string>();
  return (
    <DataTable columns={LIVE_COLUMNS}>
      {calls.map((call) => (
        <LiveRow key={call.id} call={call} expanded={call.id === expandedId} onToggle={toggle} />
      ))}
    </DataTable>
  );
}
