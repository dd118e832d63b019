import type { LiveCall } from '../../../../shared/events';
import { formatDateTime } from '../../lib/format';

export function CallDetail({ call }: { call: LiveCall }) {
  return (
    <div className="detail" data-testid="live-detail">
      <dl className="detail-fields">
        <div>
          <dt>Rule</dt>
          <dd className="mono">{call.rule}</dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{call.reason ?? 'No reason given by the rule.'}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(call.startedAt)}</dd>
        </div>
        <div>
          <dt>Session</dt>
          <dd className="mono">{call.sessionId}</dd>
        </div>
        <div>
          <dt>Call</dt>
          <dd className="mono">{call.id}</dd>
        </div>
      </dl>
      <h3 className="detail-heading">Arguments</h3>
      <pre className="detail-code">{call.argsPreview || '(none)'}</pre>
    </div>
  );
}
