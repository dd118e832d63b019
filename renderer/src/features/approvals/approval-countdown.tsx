import { useEffect, useState } from 'react';
import { countdown } from './countdown';

const TICK_MS = 250;

/** Time left before the gateway denies the call by itself. */
export function ApprovalCountdown({ deadline }: { deadline: number }) {
  const now = useNow(TICK_MS);
  const left = countdown(deadline, now);
  return (
    <p
      className={`approval-countdown${left.urgent ? ' approval-countdown-urgent' : ''}`}
      data-testid="approval-countdown"
      data-urgent={String(left.urgent)}
      data-seconds={left.seconds}
      role="timer"
    >
      {left.expired ? (
        'Out of time: denying…'
      ) : (
        <>
          Denied automatically in <strong className="approval-countdown-time">{left.text}</strong>
        </>
      )}
    </p>
  );
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
