import type { AuditRow } from '../../../../shared/audit';
import { visibleText } from '../../../../shared/visible-text';
import { DecisionBadge } from '../../components/decision-badge';
import type { VirtualColumn } from '../../components/virtual-table';
import { Visible } from '../../components/visible';
import { formatBytes, formatDateTime, formatLatency, MISSING } from '../../lib/format';
import { OutcomeBadge } from './outcome-badge';

export const AUDIT_COLUMNS: readonly VirtualColumn[] = [
  { title: 'Time', width: '11.5rem', className: 'num' },
  { title: 'Client', width: '13%' },
  { title: 'Server', width: '13%' },
  { title: 'Tool / event', width: '20%' },
  { title: 'Outcome', width: '24%' },
  { title: 'Rule', width: '15%' },
  { title: 'Latency', width: '5.5rem', className: 'num' },
  { title: 'Size', width: '5rem', className: 'num' },
];

export const auditRowKey = (row: AuditRow) => String(row.id);

export function auditRowData(row: AuditRow): Record<`data-${string}`, string> {
  return {
    'data-id': String(row.id),
    'data-kind': row.kind,
    'data-client': row.client ?? '',
    'data-server': row.server ?? '',
    'data-tool': row.tool ?? '',
    'data-decision': row.decision ?? '',
    'data-outcome': row.outcome ?? '',
  };
}

export const auditToggle = (row: AuditRow) => formatDateTime(row.ts);
export const auditToggleLabel = (row: AuditRow) => `details of ${visibleText(row.tool ?? row.event)}`;

/** One row's cells after its time: one line each, cut with an ellipsis, so every row is the same height. */
export function AuditCells({ row }: { row: AuditRow }) {
  return (
    <>
      <td>{row.client === null ? MISSING : <Visible text={row.client} />}</td>
      <td>{row.server === null ? MISSING : <Visible text={row.server} />}</td>
      <td className="mono">
        {row.kind === 'admin' ? (
          <>
            <span className="tag">admin</span>
            <Visible text={row.event} />
          </>
        ) : row.tool === null ? (
          MISSING
        ) : (
          <Visible text={row.tool} />
        )}
      </td>
      <td>
        {row.outcome ? (
          <OutcomeBadge outcome={row.outcome} />
        ) : row.decision ? (
          // Rows from before outcomes were kept say only what the policy decided.
          <DecisionBadge decision={row.decision} />
        ) : (
          MISSING
        )}
      </td>
      <td className={row.rule === null ? undefined : 'mono'}>
        {row.rule === null ? MISSING : <Visible text={row.rule} />}
      </td>
      <td className="num">{formatLatency(row.latencyMs)}</td>
      <td className="num">{formatBytes(row.resultBytes)}</td>
    </>
  );
}
