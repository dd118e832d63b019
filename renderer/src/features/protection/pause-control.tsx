import { useId, useState } from 'react';
import { usePause, usePausedUntil, usePauseMinutes } from './use-protection';
import './protection.css';
import { Visible } from '../../components/visible';

/**
 * "Pause for 15 minutes…", behind a confirmation that says plainly what a pause means. Hidden
 * while paused: the banner offers "Resume protection" then.
 */
export function PauseControl() {
  const pausedUntil = usePausedUntil();
  const minutes = usePauseMinutes();
  const pause = usePause();
  const [confirming, setConfirming] = useState(false);
  const ids = { panel: useId(), title: useId(), text: useId() };
  if (pausedUntil === undefined || pausedUntil !== null) return null;

  const close = () => {
    setConfirming(false);
    pause.reset();
  };
  return (
    <div className="pause-control">
      <button
        type="button"
        className="button button-small"
        data-testid="pause-protection"
        aria-expanded={confirming}
        aria-controls={ids.panel}
        onClick={() => (confirming ? close() : setConfirming(true))}
      >
        Pause for {minutes} minutes…
      </button>
      {confirming ? (
        <div
          id={ids.panel}
          className="pause-confirm"
          role="alertdialog"
          aria-labelledby={ids.title}
          aria-describedby={ids.text}
          data-testid="pause-confirm"
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <p id={ids.title} className="pause-confirm-title">
            Pause protection for {minutes} minutes?
          </p>
          <p id={ids.text}>
            Every new tool call will go through <strong>unchecked</strong>: no rule applies and nothing asks
            you first. Calls already waiting still wait for your answer. Calls are still recorded in the audit
            log. Protection comes back by itself after {minutes} minutes, or when you resume it.
          </p>
          <div className="pause-confirm-actions">
            {/* Focus starts on Cancel: the safe choice is the one a stray Enter makes. */}
            <button type="button" className="button button-small" autoFocus onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-small button-danger"
              data-testid="pause-protection-confirm"
              disabled={pause.isPending}
              onClick={() => pause.mutate(minutes, { onSuccess: close })}
            >
              Pause protection
            </button>
          </div>
          {pause.isError ? (
            <p className="pause-error" role="alert">
              <Visible text={pause.error.message} />
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
