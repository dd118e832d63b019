import { Visible } from '../../components/visible';
import type { AnswerFailure } from './use-approvals';

/** The gateway's own words for an answer that did not go through. */
export function AnswerFailureNotice({
  failure,
  onDismiss,
}: {
  failure: AnswerFailure;
  onDismiss: () => void;
}) {
  const { approval } = failure;
  return (
    <div className="approval-failure" role="alert" data-testid="approval-error" data-id={approval.id}>
      <p>
        Your answer to{' '}
        <span className="mono">
          <Visible text={approval.tool} />
        </span>{' '}
        on{' '}
        <span className="mono">
          <Visible text={approval.server} />
        </span>{' '}
        did not go through: <Visible text={failure.message} />
        {failure.stillWaiting ? ' It is still waiting.' : ''}
      </p>
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
