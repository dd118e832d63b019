import { memo } from 'react';
import type { LiveCall } from '../../../../shared/events';
import { DecisionBadge } from '../../components/decision-badge';
import { RowToggle } from '../../components/data-table';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import { formatBytes, formatLatency, formatTime } from '../../lib/format';
import { CallDetail } from './call-detail';
import { StatusBadge } from './status-badge';

export const LIVE_COLUMNS = ['Time', 'Client', 'Server', 'Tool', 'Decision', 'Status', 'Latency', 'Size'];

interface LiveRowProps {
  call: LiveCall;
  expanded: boolean;
  onToggle: (id: string) => void;
}

/** Memoized: a new event replaces one call object, so only that row renders again. */
export const LiveRow = memo(function LiveRow({ call, expanded, onToggle }: LiveRowProps) {
  const toggle = () => onToggle(call.id);
  return (
    <>
      <tr
        className={`row-clickable${expanded ? ' row-expanded' : ''}`}
        data-testid="live-row"
        data-id={call.id}
        data-client={call.client}
        data-server={call.server}
        data-tool={call.tool}
        data-decision={call.decision}
        data-status={call.status}
        onClick={toggle}
      >
        <td className="num">
          <RowToggle expanded={expanded} label={`details of ${visibleText(call.tool)}`}>
            {formatTime(call.startedAt)}
          </RowToggle>
        </td>
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
          <StatusBadge status={call.status} outcome={call.outcome} />
        </td>
        <td className="num">{formatLatency(call.latencyMs)}</td>
        <td className="num">{formatBytes(call.resultBytes)}</td>
      </tr>
      {expanded ? (
        <tr className="detail-row">
          <td colSpan={LIVE_COLUMNS.length}>
            <CallDetail call={call} />
          </td>
        </tr>
      ) : null}
    </>
  );
});
