import type { AuditRow } from '../../../../shared/audit';
import { JsonText } from '../../components/json-text';
import { Visible } from '../../components/visible';
import { formatDateTime } from '../../lib/format';

export function AuditDetail({ row }: { row: AuditRow }) {
  const fields: [string, string | null, boolean][] = [
    ['Recorded', formatDateTime(row.ts), false],
    ['Event', row.event, true],
    ['Rule', row.rule, true],
    ['Reason', row.reason, false],
    ['Error', row.error ?? (row.isError ? 'The tool reported an error.' : null), false],
    ['Session', row.sessionId, true],
    ['Detail', row.detail, false],
    ['Row', `#${row.id} · hash ${row.hash.slice(0, 16)}…`, true],
  ];
  return (
    <div className="detail" data-testid="audit-detail">
      <dl className="detail-fields">
        {fields
          .filter(([, value]) => value !== null && value !== '')
          .map(([label, value, mono]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd className={mono ? 'mono' : undefined}>
                <Visible text={value} />
              </dd>
            </div>
          ))}
      </dl>
      {row.args !== null ? (
        <>
          <h3 className="detail-heading">Arguments (secrets redacted)</h3>
          <JsonText text={row.args} />
        </>
      ) : null}
    </div>
  );
}
