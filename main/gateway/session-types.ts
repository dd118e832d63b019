import type { ApprovalScope } from '../../shared/approvals';
import type { AuditEntry } from '../../shared/audit';
import type { LiveCall } from '../../shared/events';
import type { PolicyDecision } from '../../shared/policy';
import type { ToolDescriptor } from '../../shared/tools';
import type { CallContext } from '../policy/evaluate';
import type { Verdict } from '../policy/policy-service';
import type { Timers } from './in-flight';

/** A client whose call waits for the person, and how to keep it informed. */
export interface WaitingClient {
  /** The request's progress token, when the client sent one: the client can be kept informed. */
  progressToken: string | number | undefined;
  /** Send a message to the client (progress notifications while the call waits). */
  notify(line: string): void;
}

/** A call the policy sent for approval, as the session hands it to whoever asks the person. */
export interface ApprovalRequest extends WaitingClient {
  call: LiveCall;
  /** The whole arguments as JSON text, secrets redacted: what the person is asked to approve. */
  args: string;
  decision: PolicyDecision;
}

export interface ApprovalOutcome {
  allow: boolean;
  /** Said to the agent and written to the audit log. */
  reason: string;
  /** Who answered: `dashboard`, `desktop`, `cli`, `session grant`, or `timeout` / `withdrawn`. */
  by: string;
  /** What an allow answer covers (once when left out). */
  scope?: ApprovalScope;
}

/** Why a call (or a session) is held before the policy sees it, and the rule recorded for it. */
export interface TrustHold {
  rule: string;
  reason: string;
  /** The call can wait for the person to accept the definition (not when they rejected it). */
  waits?: boolean;
}

/** A pending approval the session can withdraw (the client cancelled, or went away). */
export interface PendingApproval {
  outcome: Promise<ApprovalOutcome>;
  withdraw(reason: string): void;
}

/** What a session needs from the gateway around it. */
export interface SessionDeps {
  decide(call: CallContext): Verdict;
  /** Whether tools/list should leave a tool out. */
  isHidden(tool: string): boolean;
  /** A page of a server's tools/list answer, as the server sent it (hidden tools included). */
  onToolsListed?(tools: ToolDescriptor[], firstPage: boolean): void;
  /** Whether a call to the tool is held before the policy sees it (main/trust: an unreviewed definition). */
  held?(tool: string): TrustHold | undefined;
  /**
   * Wait for the person to review the definition behind a hold: allow once it is accepted, refuse
   * when it is rejected or no one reviews it in time. Without it, a held call is refused at once.
   */
  awaitReview?(tool: string, inform: WaitingClient): PendingApproval;
  /** A held call was refused without waiting (the person rejected the definition, or too many wait). */
  heldRefused?(tool: string, hold: TrustHold): void;
  /** Ask the person. Without it, calls that need approval are refused. */
  requestApproval?(request: ApprovalRequest): PendingApproval;
  audit(entry: AuditEntry): void;
  /**
   * Record, durably and before this returns, a call about to be forwarded to its server: the row
   * it would have if the gateway stopped before it ended. Throwing stops the call.
   */
  begin?(entry: AuditEntry & { callId: string }): void;
  onCall(call: LiveCall): void;
  /** Wall-clock milliseconds, for timestamps. */
  now(): number;
  /** Monotonic milliseconds, for latency. */
  clock(): number;
  /** How long a forwarded tool call may wait for the server's answer (read for each call). */
  callTimeoutMs?(): number;
  timers?: Timers;
  /** Diagnostics for the server's log: what Portcullis refused or dropped, and why. */
  log?(line: string): void;
}

/** The client side of a session: the shim's socket. */
export interface Downstream {
  /**
   * A JSON-RPC message: its text, and its exact framed bytes when it passes through unchanged.
   * False when the client is not keeping up (its buffer is past the high-water mark).
   */
  send(line: string, framed?: Buffer): boolean;
  close(): void;
  /** Bytes written to the client and not yet taken by it. */
  buffered(): number;
  /** Stop and restart reading from the client (while the server is not keeping up). */
  pauseReading(): void;
  resumeReading(): void;
}
