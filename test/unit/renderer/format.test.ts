import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDateTime,
  formatLatency,
  formatTime,
  pluralize,
} from '../../../renderer/src/lib/format';

describe('formatLatency', () => {
  it('shows milliseconds with one decimal', () => {
    expect(formatLatency(12.345)).toBe('12.3 ms');
    expect(formatLatency(0)).toBe('0.0 ms');
    expect(formatLatency(1500)).toBe('1500.0 ms');
  });

  it('shows a dash when there is no latency yet', () => {
    expect(formatLatency(undefined)).toBe('—');
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(Number.NaN)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(15_360)).toBe('15.4 kB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
    expect(formatBytes(undefined)).toBe('—');
  });
});

describe('times', () => {
  const ts = new Date(2026, 0, 2, 3, 4, 5).getTime();

  it('pads local wall-clock time', () => {
    expect(formatTime(ts)).toBe('03:04:05');
  });

  it('formats a sortable local date and time', () => {
    expect(formatDateTime(ts)).toBe('2026-01-02 03:04:05');
  });
});

describe('pluralize', () => {
  it('picks the singular only for one', () => {
    expect(pluralize(1, 'call')).toBe('1 call');
    expect(pluralize(0, 'call')).toBe('0 calls');
    expect(pluralize(2, 'entry', 'entries')).toBe('2 entries');
  });
});
