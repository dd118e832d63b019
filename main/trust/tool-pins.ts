import type { FlagKind, Finding, ToolTrustState } from '../../shared/trust';
import type { PinRow } from '../store/trust-store';

/**
 * Pins are kept per (client, server, tool): the same server name in two clients may run different
 * programs. If servers become shared between clients, return one scope for all of them here.
 */
export function pinScope(client: string): string {
  return client;
}

/** A tool definition as presented in one listing: its canonical text, hash and scan. */
export interface Presented {
  canonical: string;
  hash: string;
  findings: Finding[];
}

export interface PinPolicy {
  /** Tools first seen on a server that already had pins wait for review (the `holdNewTools` setting). */
  holdNewTools: boolean;
  now: number;
}

/**
 * The next state of one tool's pin when a server presents a definition. The first definition seen
 * is pinned (trust on first use); on a server that was already known the tool is flagged as new,
 * and held instead when the setting says so. A definition other than the pinned one waits for
 * review; presenting the pinned one again ends the wait.
 */
export function present(
  row: PinRow | undefined,
  key: { client: string; server: string; name: string },
  shown: Presented,
  knownServer: boolean,
  { holdNewTools, now }: PinPolicy,
): PinRow {
  if (!row) {
    const hold = knownServer && holdNewTools;
    return {
      ...key,
      pinned: hold ? null : shown.canonical,
      pinnedHash: hold ? null : shown.hash,
      pinnedAt: hold ? null : now,
      pinnedBy: hold ? null : 'first use',
      pending: hold ? shown.canonical : null,
      pendingHash: hold ? shown.hash : null,
      pendingSince: hold ? now : null,
      rejectedHash: null,
      findings: shown.findings,
      reviewedHash: null,
      reviewedKinds: [],
      newTool: knownServer,
      firstSeen: now,
      lastSeen: now,
    };
  }
  const next: PinRow = { ...row, findings: shown.findings, lastSeen: now };
  if (shown.hash === row.pinnedHash) return { ...next, pending: null, pendingHash: null, pendingSince: null };
  if (shown.hash === row.pendingHash) return next;
  return { ...next, pending: shown.canonical, pendingHash: shown.hash, pendingSince: now };
}

/** The hash of the definition the server presents now. */
export function presentedHash(row: PinRow): string {
  return (row.pendingHash ?? row.pinnedHash)!;
}

export function presentedDefinition(row: PinRow): string {
  return (row.pending ?? row.pinned)!;
}

/** How a pin stands, for a session whose own server presented `listed` (when it listed the tool). */
export function stateOf(row: PinRow, listed?: string): ToolTrustState {
  const hash = listed ?? presentedHash(row);
  if (hash === row.rejectedHash) return 'rejected';
  if (hash === row.pinnedHash) return 'trusted';
  return row.pinnedHash === null ? 'new' : 'changed';
}

/** The person accepts exactly the presented definition: it becomes the pin, and its findings are seen. */
export function accept(row: PinRow, by: string, kinds: FlagKind[], now: number): PinRow {
  return {
    ...row,
    pinned: presentedDefinition(row),
    pinnedHash: presentedHash(row),
    pinnedAt: now,
    pinnedBy: by,
    pending: null,
    pendingHash: null,
    pendingSince: null,
    rejectedHash: row.rejectedHash === presentedHash(row) ? null : row.rejectedHash,
    reviewedHash: presentedHash(row),
    reviewedKinds: kinds,
    newTool: false,
  };
}

export function reject(row: PinRow): PinRow {
  return { ...row, rejectedHash: presentedHash(row) };
}
