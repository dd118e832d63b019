import { formatTime } from '../../lib/format';
import { usePausedUntil, useResume } from './use-protection';
import './protection.css';
import { Visible } from '../../components/visible';

/** While protection is paused, on every page: until when, what it means, and the way back. */
export function PausedBanner() {
  const pausedUntil = usePausedUntil();
  const resume = useResume();
  if (pausedUntil === undefined || pausedUntil === null) return null;
  return (
    <div className="paused-banner" role="alert" data-testid="paused-banner" data-until={pausedUntil}>
      <p>
        <strong>Protection is paused until {formatTime(pausedUntil)}.</strong> Every new tool call goes
        through unchecked — no rule applies and nothing asks you first; calls already waiting still wait for
        you. Calls are still recorded in the audit log.
      </p>
      <button
        type="button"
        className="button button-primary"
        data-testid="resume-protection"
        disabled={resume.isPending}
        onClick={() => resume.mutate()}
      >
        Resume protection
      </button>
      {resume.isError ? (
        <p className="pause-error" role="alert">
          <Visible text={resume.error.message} />
        </p>
      ) : null}
    </div>
  );
}
