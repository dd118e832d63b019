/** The last seconds before the deadline, when the countdown asks for attention. */
export const URGENT_MS = 15_000;

export interface Countdown {
  /** Whole seconds left, rounded up: "0:01" until the very last moment, never "0:00" early. */
  seconds: number;
  /** `m:ss`. */
  text: string;
  urgent: boolean;
  /** The deadline has passed: the gateway is denying the call (its event is on the way). */
  expired: boolean;
}

export function countdown(deadline: number, now: number): Countdown {
  const left = deadline - now;
  const seconds = Math.max(0, Math.ceil(left / 1000));
  return {
    seconds,
    text: formatSeconds(seconds),
    urgent: left <= URGENT_MS,
    expired: left <= 0,
  };
}

export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
