import type { RuleLocation } from '../../../../shared/policy';
import type { EntryPlace } from './policy-edit';

/**
 * Which rule a call meets first (docs/policy.md, "Which rule decides"): scopes from the most
 * specific — a client's server, the server, the client, the top level — and within a scope the
 * exact name before globs. Defaults come only after every rule.
 */
export function scopeRank(place: { client?: string | undefined; server?: string | undefined }): number {
  if (place.client !== undefined && place.server !== undefined) return 0;
  if (place.server !== undefined) return 1;
  if (place.client !== undefined) return 2;
  return 3;
}

export const precedenceText =
  'Rules are tried from the most specific scope: a client’s server, then the server, then the client, then the top level; within a scope, a tool’s exact name before patterns. The first rule that applies decides; a default decides only when no rule does.';

/** Where the rule that governs a tool is written, when it is a rule. */
export function placeOf(at: RuleLocation): EntryPlace | undefined {
  if (at.kind !== 'rule') return undefined;
  return { client: at.client, server: at.server, tool: at.tool };
}

/** A rule for `tool` written at `place` is met before the rule at `at` (so it would decide instead). */
export function triedBefore(place: EntryPlace, at: RuleLocation): boolean {
  if (at.kind === 'hide') return false;
  if (at.kind === 'default') return true;
  const [mine, theirs] = [scopeRank(place), scopeRank(at)];
  if (mine !== theirs) return mine < theirs;
  // In the same scope, the exact name is met before the pattern that governs now.
  return place.client === at.client && place.server === at.server && at.tool !== place.tool;
}

export interface PlaceChoice {
  place: EntryPlace;
  /** Whom it covers, in words. */
  covers: string;
}

/** The places, narrower than the rule at `at`, where a rule for this one tool can be written. */
export function narrowerChoices(
  tool: string,
  server: string,
  clients: readonly string[],
  at: RuleLocation,
): PlaceChoice[] {
  const choices: PlaceChoice[] = [
    { place: { server, tool }, covers: `${tool} on ${server}, for every client` },
    ...clients.map((client) => ({
      place: { client, server, tool },
      covers: `${tool} on ${server}, for ${client} only`,
    })),
    ...clients.map((client) => ({
      place: { client, tool },
      covers: `${tool} on every server, for ${client}`,
    })),
    { place: { tool }, covers: `${tool} on every server, for every client` },
  ];
  return choices.filter((choice) => triedBefore(choice.place, at));
}
