import { memo } from 'react';
import type { AuditRow } from '../../../../shared/audit';
import { DecisionBadge } from '../../components/decision-badge';
import { RowToggle } from '../../components/data-table';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import { formatBytes, formatDateTime, formatLatency, MISSING } from '../../lib/format';
import { AuditDetail } from './audit-detail';

export const AUDIT_COLUMNS = [
  'Time',
  'Client',
  'Server',
  'Tool / event',
  'Decision',
  'Rule',
  'Latency',
  'Size',
];

interface AuditRowProps {
  row: AuditRow;
  expanded: boolean;
  onToggle: (id: number) => void;
}

export const AuditTableRow = memo(function AuditTableRow({ row, expanded, onToggle }: AuditRowProps) {
  const toggle = () => onToggle(row.id);
  // A denied call's result is an error by design (the denial explains itself); only flag real failures.
  const failed = row.decision !== 'deny' && (row.isError === true || row.error !== null);
  return (
    <>
      <tr
        className={`row-clickable${expanded ? ' row-expanded' : ''}`}
        data-testid="audit-row"
        data-id={row.id}
        data-kind={row.kind}
        data-client={row.client ?? ''}
        data-server={row.server ?? ''}
        data-tool={row.tool ?? ''}
        data-decision={row.decision ?? ''}
        onClick={toggle}
      >
        <td className="num">
          <RowToggle expanded={expanded} label={`details of ${visibleText(row.tool ?? row.event)}`}>
            {formatDateTime(row.ts)}
          </RowToggle>
        </td>
        <td>{row.client === null ? MISSING : <Visible text={row.client} />}</td>
        <td>{row.server === null ? MISSING : <Visible text={row.server} />}</td>
        <td className="mono">
          {row.kind === 'admin' ? <span className="tag">admin</span> : null}
          {row.kind === 'admin' ? (
            <Visible text={row.event} />
          ) : row.tool === null ? (
            MISSING
          ) : (
            <Visible text={row.tool} />
          )}
        </td>
        <td>
          {row.decision ? <DecisionBadge decision={row.decision} /> : MISSING}
          {failed ? <span className="status status-error">error</span> : null}
        </td>
        <td className={row.rule === null ? undefined : 'mono'}>
          {row.rule === null ? MISSING : <Visible text={row.rule} />}
        </td>
        <td className="num">{formatLatency(row.latencyMs)}</td>
        <td className="num">{formatBytes(row.resultBytes)}</td>
      </tr>
      {expanded ? (
        <tr className="detail-row">
          <td colSpan={AUDIT_COLUMNS.length}>
            <AuditDetail row={row} />
          </td>
        </tr>
      ) : null}
    </>
  );
});
