import { useId } from 'react';
import type { Approval } from '../../../../shared/approvals';
import { RiskBadge } from '../../components/risk-badge';
import { Visible } from '../../components/visible';
import type { AnswerChoice } from './answer-choice';
import { ApprovalAnswers } from './approval-answers';
import { ApprovalArgs } from './approval-args-view';
import { ApprovalCountdown } from './approval-countdown';
import { ApprovalGrants } from './approval-grants';

/** One waiting call: what it is, who asked, why it waits, its arguments, and the answers. */
export function ApprovalCard({
  approval,
  busy,
  onAnswer,
}: {
  approval: Approval;
  busy: boolean;
  onAnswer: (choice: AnswerChoice) => void;
}) {
  const headingId = useId();
  const grantIds = { once: useId(), session: useId(), always: useId() };
  return (
    <article
      className="approval-card"
      aria-labelledby={headingId}
      data-testid="approval-card"
      data-id={approval.id}
      data-tool={approval.tool}
      data-server={approval.server}
      data-client={approval.client}
    >
      <header className="approval-card-header">
        <h3 id={headingId} className="approval-title">
          <span className="mono">
            <Visible text={approval.tool} />
          </span>{' '}
          <span className="approval-title-on">on</span>{' '}
          <span className="mono">
            <Visible text={approval.server} />
          </span>
        </h3>
        <RiskBadge classification={approval.risk} />
      </header>
      <dl className="approval-facts">
        <div>
          <dt>Client</dt>
          <dd data-testid="approval-client">
            <Visible text={approval.client} />
            {approval.askedBy ? (
              <span className="muted">
                {' '}
                · <Visible text={approval.askedBy} />
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Rule</dt>
          <dd data-testid="approval-rule">
            <code>
              <Visible text={approval.rule} />
            </code>
            {approval.reason ? (
              <span className="approval-reason">
                {' '}
                <Visible text={approval.reason} />
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Risk</dt>
          <dd className="muted">
            <Visible text={approval.risk.reason} />
          </dd>
        </div>
      </dl>
      <section className="approval-args-section" aria-label="Arguments">
        <h4 className="approval-section-title">Arguments</h4>
        <ApprovalArgs text={approval.args} />
      </section>
      <ApprovalGrants approval={approval} ids={grantIds} />
      <ApprovalCountdown deadline={approval.deadline} />
      <ApprovalAnswers approval={approval} grantIds={grantIds} busy={busy} onAnswer={onAnswer} />
    </article>
  );
}
