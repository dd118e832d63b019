import type { Approval } from '../../shared/approvals';
import type { GatewayEvent } from '../../shared/events';

export interface ApprovalQueueOptions {
  /** `approvals:list` through dispatch. */
  list(): Promise<Approval[]>;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  log?: (line: string) => void;
}

/** The calls waiting for the person, as the broker lists them, kept current from its events. */
export interface ApprovalQueue {
  current(): readonly Approval[];
  /** Called with the new queue whenever its members change. Returns the unsubscribe function. */
  onChange(listener: (approvals: readonly Approval[]) => void): () => void;
  /** Read the queue again; resolves once this read is applied (or found overtaken by a newer one). */
  refresh(): Promise<void>;
  dispose(): void;
}

/**
 * Events say that something changed; the list says what is waiting. Reading the list after every
 * approval event (rather than adding and removing from the events) cannot drift from the broker,
 * whatever order events come in or however many are missed.
 */
export function createApprovalQueue(options: ApprovalQueueOptions): ApprovalQueue {
  const log = options.log ?? (() => undefined);
  const listeners = new Set<(approvals: readonly Approval[]) => void>();
  let approvals: readonly Approval[] = [];
  let requested = 0;

  const refresh = (): Promise<void> => {
    const read = ++requested;
    return options.list().then(
      (list) => {
        // A read that an event has overtaken is stale: only the newest one counts.
        if (read !== requested) return;
        if (sameIds(list, approvals)) {
          approvals = list;
          return;
        }
        approvals = list;
        for (const listener of [...listeners]) listener(approvals);
      },
      (error: unknown) => {
        log(`Could not read the approval queue: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };

  const unsubscribe = options.onEvent((event) => {
    if (event.type === 'approval') void refresh();
  });
  void refresh();

  return {
    current: () => approvals,
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    refresh,
    dispose() {
      unsubscribe();
      listeners.clear();
    },
  };
}

function sameIds(a: readonly Approval[], b: readonly Approval[]): boolean {
  return a.length === b.length && a.every((approval, i) => approval.id === b[i]?.id);
}
