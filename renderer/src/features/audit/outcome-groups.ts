import { outcomeLabels, outcomeSchema, type Outcome } from '../../../../shared/audit';

/**
 * Outcomes that belong together for a person reading the log: one colour each in charts, and one
 * choice each in the outcome menu (every denial, every failure).
 */
export const outcomeGroups = {
  allowed: { label: 'allowed by a rule', outcomes: ['allowed'] },
  approved: { label: 'allowed by the person', outcomes: ['approved'] },
  denied: { label: 'denied by a rule or a limit', outcomes: ['denied', 'rate_limited', 'refused'] },
  rejected: { label: 'denied by the person or not answered', outcomes: ['rejected', 'approval_timeout'] },
  failed: {
    label: 'failed (server error, timeout, unknown)',
    outcomes: ['server_error', 'timed_out', 'portcullis_error', 'unknown'],
  },
  withdrawn: { label: 'withdrawn', outcomes: ['withdrawn'] },
} as const satisfies Record<string, { label: string; outcomes: readonly Outcome[] }>;

export type OutcomeGroup = keyof typeof outcomeGroups;
export const outcomeGroupOrder = Object.keys(outcomeGroups) as OutcomeGroup[];

export function groupOf(outcome: Outcome): OutcomeGroup {
  for (const group of outcomeGroupOrder) {
    if ((outcomeGroups[group].outcomes as readonly Outcome[]).includes(outcome)) return group;
  }
  return 'failed';
}

/** Sets of outcomes the outcome menu offers beside single ones. */
export const outcomeSets = {
  denials: { label: 'every denial', outcomes: ['denied', 'rejected', 'rate_limited'] },
  asked: { label: 'asked the person', outcomes: ['approved', 'rejected', 'approval_timeout'] },
  failures: {
    label: 'every failure',
    outcomes: ['server_error', 'timed_out', 'portcullis_error', 'unknown'],
  },
} as const satisfies Record<string, { label: string; outcomes: readonly Outcome[] }>;

export type OutcomeSet = keyof typeof outcomeSets;

/** In schema order, so the same set always reads (and links) the same way. */
export function normalizeOutcomes(outcomes: readonly Outcome[]): Outcome[] {
  const wanted = new Set(outcomes);
  return outcomeSchema.options.filter((outcome) => wanted.has(outcome));
}

/** The menu value for a set of outcomes: one outcome, a named set, or `custom` for any other mix. */
export function outcomeChoice(outcomes: readonly Outcome[]): string {
  const normal = normalizeOutcomes(outcomes);
  if (normal.length === 0) return '';
  if (normal.length === 1) return normal[0]!;
  for (const [name, set] of Object.entries(outcomeSets)) {
    if (sameOutcomes(normal, set.outcomes)) return `set:${name}`;
  }
  return 'custom';
}

export function outcomesForChoice(choice: string): Outcome[] | undefined {
  if (choice === '') return [];
  if (choice.startsWith('set:')) {
    const name = choice.slice(4);
    // Own keys only: `set:__proto__` names no set.
    return Object.hasOwn(outcomeSets, name)
      ? normalizeOutcomes(outcomeSets[name as OutcomeSet].outcomes)
      : undefined;
  }
  const single = outcomeSchema.safeParse(choice);
  return single.success ? [single.data] : undefined;
}

export function describeOutcomes(outcomes: readonly Outcome[]): string {
  return normalizeOutcomes(outcomes)
    .map((outcome) => outcomeLabels[outcome])
    .join(', ');
}

function sameOutcomes(a: readonly Outcome[], b: readonly Outcome[]): boolean {
  const normal = normalizeOutcomes(b);
  return a.length === normal.length && a.every((outcome, i) => outcome === normal[i]);
}
