import { ApiError } from '../../shared/api';
import { defaultPolicy, type PolicyDecision, type PolicyDocument } from '../../shared/policy';
import type { Store } from '../store';
import { evaluate, type CallContext } from './evaluate';
import { parsePolicy } from './parse';

export interface ActivePolicy {
  revision: number;
  document: PolicyDocument;
}

/**
 * Holds the active policy for the gateway. Saving validates first: a bad document is refused with
 * pointed issues and the active policy stays as it was. Revisions saved by another process (the CLI
 * while no gateway answered) are picked up by `refresh`.
 */
export class PolicyService {
  private active: ActivePolicy;
  private listeners = new Set<(revision: number) => void>();
  private seenDataVersion: number;

  constructor(private readonly store: Store) {
    this.active = this.load();
    this.seenDataVersion = store.policies.dataVersion();
  }

  current(): ActivePolicy {
    return this.active;
  }

  decide(call: CallContext): PolicyDecision {
    return evaluate(this.active.document, call);
  }

  save(text: string, source: string): number {
    const parsed = parsePolicy(text);
    if (!parsed.ok) {
      throw new ApiError(
        'invalid_argument',
        `The policy was refused; the active policy (revision ${this.active.revision}) is unchanged.`,
        parsed.issues,
      );
    }
    const revision = this.store.policies.save(text, source);
    this.store.audit.appendNow(adminEntry('policy.saved', `revision ${revision} from ${source}`));
    this.active = { revision, document: parsed.document };
    this.emit(revision);
    return revision;
  }

  /** Reload when another process changed the database. Cheap enough to call every second. */
  refresh(): void {
    const version = this.store.policies.dataVersion();
    if (version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    const next = this.load();
    if (next.revision !== this.active.revision) {
      this.active = next;
      this.emit(next.revision);
    }
  }

  onChange(listener: (revision: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(revision: number): void {
    for (const listener of this.listeners) listener(revision);
  }

  private load(): ActivePolicy {
    const saved = this.store.policies.active();
    if (!saved) return { revision: 0, document: defaultPolicy };
    const parsed = parsePolicy(saved.document);
    // Only validated documents are ever saved, so this means the database was edited by hand or by a
    // newer version. Fail closed: deny everything rather than guess.
    if (!parsed.ok) {
      return {
        revision: saved.revision,
        document: { version: '1', default: 'deny', tools: {} },
      };
    }
    return { revision: saved.revision, document: parsed.document };
  }
}

export function adminEntry(event: string, detail: string, client: string | null = null) {
  return {
    ts: Date.now(),
    kind: 'admin' as const,
    event,
    client,
    server: null,
    tool: null,
    args: null,
    decision: null,
    rule: null,
    reason: null,
    latencyMs: null,
    isError: null,
    resultBytes: null,
    error: null,
    sessionId: null,
    detail,
  };
}
