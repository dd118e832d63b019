import { useEffect, useEffectEvent, useId, useState } from 'react';
import type { Approval } from '../../../../shared/approvals';
import { visibleText } from '../../../../shared/visible-text';
import { Visible } from '../../components/visible';
import { allowHints, denyWith, REASON_MAX, type AnswerChoice } from './answer-choice';
import { decideKey, keyTarget } from './answer-keys';

/**
 * A card's allow buttons stay disabled this long after it appears, so that a click meant for the
 * card that was just answered (a double click, a click as the queue moves on) cannot allow the
 * next one unseen.
 */
export const ALLOW_ARMING_MS = 600;

/**
 * The four answers. Deny is the only one a key can give (Escape anywhere, Enter in the reason
 * field); the allow buttons need a click, or Space once the person has moved to one on purpose.
 * Mounted once per approval (the card is keyed by id), so nothing carries over from the last one.
 */
export function ApprovalAnswers({
  approval,
  busy,
  onAnswer,
}: {
  approval: Approval;
  busy: boolean;
  onAnswer: (choice: AnswerChoice) => void;
}) {
  const [reason, setReason] = useState('');
  const armed = useArmed(ALLOW_ARMING_MS);
  const ids = { reason: useId(), always: useId(), session: useId(), once: useId() };
  // The hints quote the client, its program, the server and the tool: shown escaped below.
  const hints = allowHints(approval);
  const allowDisabled = busy || !armed;

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target instanceof Element ? event.target.closest('[data-answer]') : null;
    const decision = decideKey({
      key: event.key,
      repeat: event.repeat,
      composing: event.isComposing,
      target: keyTarget(target?.getAttribute('data-answer')),
    });
    if (decision === 'pass') return;
    event.preventDefault();
    if (decision === 'deny' && !busy) onAnswer(denyWith(reason));
  });
  useEffect(() => {
    // Capture, on the document: Escape works wherever focus is, and an Enter on an allow button is
    // cancelled before the button can turn it into a click.
    const listener = (event: KeyboardEvent) => onKey(event);
    document.addEventListener('keydown', listener, true);
    return () => document.removeEventListener('keydown', listener, true);
  }, []);

  const allow = (scope: 'once' | 'session' | 'always') => () => onAnswer({ decision: 'allow', scope });

  return (
    <div className="approval-answers">
      <div className="approval-allow" role="group" aria-label="Allow">
        <button
          type="button"
          className="button approval-button-allow"
          data-answer="allow"
          data-testid="approval-allow-once"
          aria-describedby={ids.once}
          disabled={allowDisabled}
          onClick={allow('once')}
        >
          Allow once
        </button>
        <button
          type="button"
          className="button approval-button-allow"
          data-answer="allow"
          data-testid="approval-allow-session"
          aria-describedby={ids.session}
          title={visibleText(hints.session)}
          disabled={allowDisabled}
          onClick={allow('session')}
        >
          Allow for this session
        </button>
        <button
          type="button"
          className="button approval-button-allow"
          data-answer="allow"
          data-testid="approval-allow-always"
          aria-describedby={ids.always}
          disabled={allowDisabled}
          onClick={allow('always')}
        >
          Always allow
        </button>
      </div>
      <p className="visually-hidden" id={ids.once}>
        <Visible text={hints.once} />
      </p>
      <p className="visually-hidden" id={ids.session}>
        <Visible text={hints.session} />
      </p>
      <p className="approval-hint" id={ids.always} data-testid="approval-always-hint">
        <Visible text={hints.always} />
      </p>
      <form
        className="approval-deny"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) onAnswer(denyWith(reason));
        }}
      >
        <label className="approval-deny-label" htmlFor={ids.reason}>
          Reason for denying <span className="muted">(optional, told to the agent)</span>
        </label>
        <div className="approval-deny-row">
          <input
            id={ids.reason}
            type="text"
            className="approval-deny-reason"
            data-answer="reason"
            data-testid="approval-deny-reason"
            maxLength={REASON_MAX}
            autoComplete="off"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <button
            type="submit"
            className="button approval-button-deny"
            data-answer="deny"
            data-testid="approval-deny"
            disabled={busy}
          >
            Deny
          </button>
        </div>
      </form>
    </div>
  );
}

function useArmed(delayMs: number): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), delayMs);
    return () => clearTimeout(timer);
  }, [delayMs]);
  return armed;
}
