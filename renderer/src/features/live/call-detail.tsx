import type { LiveCall } from '../../../../shared/events';
import { JsonText } from '../../components/json-text';
import { Visible } from '../../components/visible';
import { formatDateTime } from '../../lib/format';
import { auditHref } from '../audit/audit-view';
import { StatusBadge } from './status-badge';

export function CallDetail({ call }: { call: LiveCall }) {
  const ended = call.status !== 'pending' && call.status !== 'waiting';
  return (
    <div className="detail" data-testid="live-detail">
      <p>
        <StatusBadge status={call.status} outcome={call.outcome} rule={call.rule} />
      </p>
      <dl className="detail-fields">
        <div>
          <dt>Rule</dt>
          <dd className="mono">
            <Visible text={call.rule} />
          </dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{call.reason ? <Visible text={call.reason} /> : 'No reason given by the rule.'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(call.startedAt)}</dd>
        </div>
        <div>
          <dt>Client</dt>
          <dd>
            <Visible text={call.client} />
          </dd>
        </div>
        <div>
          <dt>Session</dt>
          <dd className="mono">
            <Visible text={call.sessionId} />
          </dd>
        </div>
        <div>
          <dt>Call</dt>
          <dd className="mono">
            <Visible text={call.id} />
          </dd>
        </div>
      </dl>
      <h3 className="detail-heading">Arguments</h3>
      <JsonText text={call.argsPreview} empty="(none)" />
      <p className="detail-link">
        {ended ? (
          <a href={auditHref({ call: call.id })} data-testid="live-audit-link">
            Open its row in the audit log
          </a>
        ) : (
          <span className="muted">Its audit row is written when the call ends.</span>
        )}
      </p>
    </div>
  );
}
