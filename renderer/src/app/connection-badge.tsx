import { useConnectionState, useTransportKind } from '../api/api-context';
import { connectionDescription, connectionLabel } from './connection-label';

export function ConnectionBadge() {
  const kind = useTransportKind();
  const { state, retryNow } = useConnectionState();
  return (
    <div
      className="connection"
      data-testid="connection-state"
      data-state={state.kind}
      data-transport={kind}
      role="status"
      title={connectionDescription(state, kind)}
    >
      <span className={`connection-dot connection-${state.kind}`} aria-hidden="true" />
      <span>{connectionLabel(state, kind)}</span>
      {state.kind === 'waiting' ? (
        <button type="button" className="button button-small" onClick={retryNow}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}
