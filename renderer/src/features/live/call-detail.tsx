import type { LiveCall } from '../../../../shared/events';
import { JsonText } from '../../components/json-text';
import { Visible } from '../../components/visible';
import { formatDateTime } from '../../lib/format';

export function CallDetail({ call }: { call: LiveCall }) {
  return (
    <div className="detail" data-testid="live-detail">
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
          <dt>Session</dt>
          <dd className="mono">{call.sessionId}</dd>
        </div>
        <div>
          <dt>Call</dt>
          <dd className="mono">{call.id}</dd>
        </div>
      </dl>
      <h3 className="detail-heading">Arguments</h3>
      <JsonText text={call.argsPreview} empty="(none)" />
    </div>
  );
}
