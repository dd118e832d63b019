import { describe, expect, it, vi } from 'vitest';
import { createShutdown } from '../../../main/app/shutdown';
import { preventable } from './fakes';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

describe('createShutdown', () => {
  it('holds the first quit until the runtime has stopped, then quits for real', async () => {
    const stopping = deferred();
    const stop = vi.fn(() => stopping.promise);
    const quit = vi.fn();
    const shutdown = createShutdown({ stop, quit });
    expect(shutdown.isQuitting()).toBe(false);

    const first = preventable();
    shutdown.onBeforeQuit(first);
    expect(first.defaultPrevented).toBe(true);
    expect(shutdown.isQuitting()).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);

    const impatient = preventable();
    shutdown.onBeforeQuit(impatient);
    expect(impatient.defaultPrevented).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();

    stopping.resolve();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    const last = preventable();
    shutdown.onBeforeQuit(last);
    expect(last.defaultPrevented).toBe(false);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('quits even when stopping fails, and says so', async () => {
    const log = vi.fn();
    const quit = vi.fn();
    const shutdown = createShutdown({ stop: () => Promise.reject(new Error('disk full')), quit, log });
    shutdown.onBeforeQuit(preventable());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('disk full'));
  });

  it('quits when stopping hangs', async () => {
    vi.useFakeTimers();
    try {
      const log = vi.fn();
      const quit = vi.fn();
      const shutdown = createShutdown({ stop: () => new Promise(() => {}), quit, log, timeoutMs: 1000 });
      shutdown.onBeforeQuit(preventable());
      await vi.advanceTimersByTimeAsync(999);
      expect(quit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(quit).toHaveBeenCalledTimes(1);
      expect(log).toHaveBeenCalledWith(expect.stringContaining('longer than 1000 ms'));
    } finally {
      vi.useRealTimers();
    }
  });
});
