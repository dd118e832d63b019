import type { LiveCall } from '../../../../shared/events';
import { visibleText } from '../../../../shared/visible-text';
import { DecisionBadge } from '../../components/decision-badge';
import type { VirtualColumn } from '../../components/virtual-table';
import { Visible } from '../../components/visible';
import { formatBytes, formatLatency, formatTime } from '../../lib/format';
import { StatusBadge } from './status-badge';

export const LIVE_COLUMNS: readonly VirtualColumn[] = [
  { title: 'Time', width: '6rem', className: 'num' },
  { title: 'Client', width: '15%' },
  { title: 'Server', width: '15%' },
  { title: 'Tool', width: '22%' },
  { title: 'Decision', width: '7rem' },
  { title: 'Status', width: '25%' },
  { title: 'Latency', width: '6rem', className: 'num' },
  { title: 'Size', width: '5.5rem', className: 'num' },
];

export const liveCallKey = (call: LiveCall) => call.id;

export function liveRowData(call: LiveCall): Record<`data-${string}`, string> {
  return {
    'data-id': call.id,
    'data-client': call.client,
    'data-server': call.server,
    'data-tool': call.tool,
    'data-decision': call.decision,
    'data-status': call.status,
    'data-outcome': call.outcome ?? '',
  };
}

export const liveToggle = (call: LiveCall) => formatTime(call.startedAt);
export const liveToggleLabel = (call: LiveCall) => `details of ${visibleText(call.tool)}`;

/** A call's cells after its time. */
export function LiveCells({ call }: { call: LiveCall }) {
  return (
    <>
      <td>
        <Visible text={call.client} />
      </td>
      <td>
        <Visible text={call.server} />
      </td>
      <td className="mono">
        <Visible text={call.tool} />
      </td>
      <td>
        <DecisionBadge decision={call.decision} />
      </td>
      <td>
        <StatusBadge status={call.status} outcome={call.outcome} rule={call.rule} />
      </td>
      <td className="num">{formatLatency(call.latencyMs)}</td>
      <td className="num">{formatBytes(call.resultBytes)}</td>
    </>
  );
}
