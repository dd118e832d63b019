import { useCallback, useState } from 'react';
import type { LiveCall } from '../../../../shared/events';
import { LIVE_COLUMNS, LiveRow } from './live-row';

export function LiveTable({ calls }: { calls: readonly LiveCall[] }) {
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const toggle = useCallback((id: string) => setExpandedId((current) => (current === id ? null : id)), []);
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            {LIVE_COLUMNS.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <LiveRow key={call.id} call={call} expanded={call.id === expandedId} onToggle={toggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
