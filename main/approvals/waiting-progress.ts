/**
 * A `notifications/progress` for a call that waits for the person (an approval, or a review of its
 * tool's definition): how long it has waited, of how long it may, and what it waits for. A client
 * that sent a progress token hears one every few seconds, so it can tell waiting from hanging.
 */
export function waitingProgress(
  progressToken: string | number,
  startedAt: number,
  deadline: number,
  now: number,
  waitingFor: string,
): string {
  const left = Math.max(0, Math.round((deadline - now) / 1000));
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'notifications/progress',
    params: {
      progressToken,
      progress: (now - startedAt) / 1000,
      total: (deadline - startedAt) / 1000,
      message: `Waiting for the person to ${waitingFor} in Portcullis (${left} s left)`,
    },
  });
}

/** How often a waiting client hears from Portcullis. */
export const PROGRESS_EVERY_MS = 5000;
