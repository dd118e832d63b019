import { adminEntry } from '../../shared/audit';
import type { AuditLog } from '../store/audit-log';
import type { Retention } from '../store/audit-retention';

export const STARTED = 'gateway.started';
export const STOPPED = 'gateway.stopped';
export const UNCLEAN_STOP = 'gateway.unclean_stop';

/**
 * At startup, before any call: if the gateway last started and never recorded stopping, it was
 * killed or crashed. Calls it had forwarded and never recorded become "outcome unknown" rows, an
 * admin row says what happened, and the checkpoint is brought up to the chain's head. Returns the
 * number of calls recovered.
 */
export function recoverAudit(audit: AuditLog): number {
  const last = audit.lastEvent([STARTED, STOPPED]);
  const unknown = audit.recover();
  if (last?.event === STARTED || unknown > 0) {
    const when = last ? ` (started ${new Date(last.ts).toISOString()}: ${last.detail ?? ''})` : '';
    audit.appendNow(
      adminEntry(
        UNCLEAN_STOP,
        `the gateway stopped without shutting down${when}; ${unknown} call${unknown === 1 ? '' : 's'} forwarded to ` +
          `${unknown === 1 ? 'its server' : 'their servers'} and never answered ${unknown === 1 ? 'is' : 'are'} recorded as outcome unknown`,
      ),
    );
  }
  audit.writeCheckpoint();
  return unknown;
}

const FIRST_RUN_MS = 60_000;
const EVERY_MS = 60 * 60_000;

/**
 * Retention in the background: a minute after start, then hourly, with the settings read each
 * time. One run at a time; a failure is logged and the next run tries again.
 */
export function scheduleRetention(
  audit: AuditLog,
  retention: () => Retention,
  log: (line: string) => void,
): () => void {
  let running = false;
  const run = async () => {
    const wanted = retention();
    if (running || (wanted.days <= 0 && wanted.rows <= 0)) return;
    running = true;
    try {
      const removed = await audit.prune(wanted);
      if (removed > 0) log(`[portcullis] audit retention removed ${removed} rows`);
    } catch (error) {
      log(`[portcullis] audit retention failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), FIRST_RUN_MS).unref();
  const every = setInterval(() => void run(), EVERY_MS).unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
