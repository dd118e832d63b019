import { describe, expect, it } from 'vitest';
import { countdown, formatSeconds, URGENT_MS } from '../../../renderer/src/features/approvals/countdown';

describe('countdown', () => {
  const deadline = 200_000;

  it('shows whole seconds left as m:ss, rounded up', () => {
    expect(countdown(deadline, deadline - 120_000)).toEqual({
      seconds: 120,
      text: '2:00',
      urgent: false,
      expired: false,
    });
    expect(countdown(deadline, deadline - 65_001).text).toBe('1:06');
    expect(countdown(deadline, deadline - 400).text).toBe('0:01');
  });

  it('turns urgent for the last 15 seconds', () => {
    expect(URGENT_MS).toBe(15_000);
    expect(countdown(deadline, deadline - 15_001).urgent).toBe(false);
    expect(countdown(deadline, deadline - 15_000).urgent).toBe(true);
    expect(countdown(deadline, deadline - 15_000).text).toBe('0:15');
  });

  it('stops at zero once the deadline has passed', () => {
    expect(countdown(deadline, deadline)).toEqual({ seconds: 0, text: '0:00', urgent: true, expired: true });
    expect(countdown(deadline, deadline + 5_000).seconds).toBe(0);
  });
});

describe('formatSeconds', () => {
  it('pads seconds and lets minutes grow', () => {
    expect(formatSeconds(0)).toBe('0:00');
    expect(formatSeconds(9)).toBe('0:09');
    expect(formatSeconds(3600)).toBe('60:00');
    expect(formatSeconds(-3)).toBe('0:00');
  });
});
