export interface QuitEvent {
  preventDefault(): void;
}

export interface ShutdownOptions {
  /** Stops the runtime (gateway, store, control API). */
  stop(): Promise<void>;
  /** `app.quit()`: called again once the runtime has stopped. */
  quit(): void;
  log?: (line: string) => void;
  /** A stop that hangs must not keep the app from quitting. */
  timeoutMs?: number;
}

export interface Shutdown {
  /** True from the first quit request on: windows then really close instead of hiding. */
  isQuitting(): boolean;
  /** The `before-quit` listener. */
  onBeforeQuit(event: QuitEvent): void;
}

/**
 * Quit runs in two passes: the first `before-quit` is held while the runtime stops (sessions end,
 * the audit log is flushed, the lock and socket are released), then quit is asked again and let
 * through.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 5000;
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  return {
    isQuitting: () => phase !== 'running',
    onBeforeQuit(event) {
      if (phase === 'stopped') return;
      event.preventDefault();
      if (phase === 'stopping') return;
      phase = 'stopping';
      void withTimeout(options.stop(), timeoutMs)
        .catch((error: unknown) =>
          log(`Portcullis did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          phase = 'stopped';
          options.quit();
        });
    },
  };
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stopping took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
