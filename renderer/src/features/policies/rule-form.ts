import type { LimitScope } from '../../../../shared/policy';
import {
  entryRules,
  ruleAction,
  rulesToEntry,
  type EntryInput,
  type LimitInput,
  type RuleAction,
  type RuleInput,
} from './policy-edit';

/**
 * The per-tool editor's form, and its conversion to and from a rule. Every field is text as the
 * person typed it; turning it into a rule is where values are read and checked, so one function
 * says what the form can express and reports each problem against the field that has it.
 */

export const conditionKinds = ['when', 'require', 'deny_if'] as const;
export type ConditionKind = (typeof conditionKinds)[number];

export const testTypes = [
  'equals',
  'in',
  'prefix',
  'path_prefix',
  'glob',
  'regex',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
] as const;
export type TestType = (typeof testTypes)[number];

export const limitWindows = ['second', 'minute', 'hour', 'day'] as const;
export const limitScopes: readonly LimitScope[] = ['grant', 'session', 'server', 'tool', 'global'];

export interface ConditionRow {
  kind: ConditionKind;
  /** Argument path: `path`, `options.mode`, `files.0`. */
  path: string;
  test: TestType;
  value: string;
  /** The test must fail (written under `not`). */
  negate: boolean;
}

export interface LimitRow {
  /**
   * Read from a `rate_limit` block (the hosted shape): written back as one while it still means
   * one (per session, denying over it); otherwise it becomes an entry of `limits`.
   */
  block?: boolean;
  counter: string;
  /** A unit (`minute`) or a number of seconds. */
  window: string;
  max: string;
  scope: LimitScope;
  onExceed: 'deny' | 'approve';
}

export interface RuleForm {
  action: RuleAction;
  reason: string;
  limits: LimitRow[];
  conditions: ConditionRow[];
  /**
   * The rule the form was opened from. Saving writes back what the person did not change exactly
   * as it was (its words, its key order, a limit's left-out defaults), so an edit changes only itself.
   */
  original?: RuleInput;
}

export interface FormError {
  /** Which field: `reason`, `limits.0.max`, `conditions.2.value`. */
  field: string;
  message: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FormError[] };

export const newLimitRow = (): LimitRow => ({
  counter: '',
  window: 'minute',
  max: '30',
  scope: 'grant',
  onExceed: 'deny',
});

export const newConditionRow = (kind: ConditionKind = 'when'): ConditionRow => ({
  kind,
  path: '',
  test: 'equals',
  value: '',
  negate: false,
});

export const newRuleForm = (action: RuleAction = 'allow'): RuleForm => ({
  action,
  reason: '',
  limits: [],
  conditions: [],
});

type Literal = string | number | boolean | null;

function isLiteral(value: unknown): value is Literal {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isTestType(key: string): key is TestType {
  return (testTypes as readonly string[]).includes(key);
}

/** How a test's value is shown in its text field. */
export function formatTestValue(test: TestType, value: unknown): string {
  switch (test) {
    case 'equals':
      // Text that would read back as something else (`42`, `true`, `"x"`) is shown quoted.
      if (typeof value === 'string') return readsAsJson(value) ? JSON.stringify(value) : value;
      return JSON.stringify(value) ?? '';
    case 'in':
      return JSON.stringify(value) ?? '';
    case 'exists':
      return value === false ? 'false' : 'true';
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

function readsAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON when it parses (`42`, `true`, `null`, `"quoted"`), otherwise the text itself. */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function parseTestValue(
  test: TestType,
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (test) {
    case 'equals':
      return { ok: true, value: parseLoose(text) };
    case 'in': {
      const trimmed = text.trim();
      if (trimmed === '') return { ok: false, message: 'List at least one value, separated by commas.' };
      if (trimmed.startsWith('[')) {
        const list = parseLoose(trimmed);
        return Array.isArray(list)
          ? { ok: true, value: list }
          : { ok: false, message: 'Not a JSON list: check the brackets and quotes.' };
      }
      return { ok: true, value: trimmed.split(',').map((item) => parseLoose(item.trim())) };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const number = Number(text.trim());
      return text.trim() !== '' && Number.isFinite(number)
        ? { ok: true, value: number }
        : { ok: false, message: 'Enter a number.' };
    }
    case 'exists':
      return { ok: true, value: text !== 'false' };
    // The gateway's RE2 engine judges patterns (see usePolicyCheck in the editor): JavaScript's own
    // would accept lookarounds the engine refuses and refuse `(?i)`, which it accepts.
    case 'regex':
      return text === '' ? { ok: false, message: 'Enter a pattern.' } : { ok: true, value: text };
    case 'path_prefix':
      return text === '' ? { ok: false, message: 'Enter a folder path.' } : { ok: true, value: text };
    case 'prefix':
    case 'glob':
      return { ok: true, value: text };
  }
}

interface Test {
  test: TestType;
  value: unknown;
  negate: boolean;
}

/** A matcher as the form's rows, or undefined when it nests deeper than the form shows (a `not` inside a `not`). */
function matcherTests(matcher: unknown, negate = false): Test[] | undefined {
  if (isLiteral(matcher)) return [{ test: 'equals', value: matcher, negate }];
  if (matcher === null || typeof matcher !== 'object' || Array.isArray(matcher)) return undefined;
  const tests: Test[] = [];
  let negated: Test[] = [];
  for (const [key, value] of Object.entries(matcher)) {
    if (key === 'not' && !negate) {
      const inner = matcherTests(value, true);
      if (!inner) return undefined;
      negated = inner;
    } else if (isTestType(key)) {
      tests.push({ test: key, value, negate });
    } else {
      return undefined;
    }
  }
  return [...tests, ...negated];
}

/** The form for a rule, or why the form cannot show it (the JSON editor can). */
export function ruleToForm(rule: RuleInput): { ok: true; form: RuleForm } | { ok: false; reason: string } {
  const conditions: ConditionRow[] = [];
  for (const kind of conditionKinds) {
    // `[]` (the hosted shape's empty list) is no conditions.
    const written = rule[kind];
    for (const [path, matcher] of Array.isArray(written) ? [] : Object.entries(written ?? {})) {
      const tests = matcherTests(matcher);
      if (!tests) {
        return { ok: false, reason: `The condition on "${path}" nests "not" inside "not".` };
      }
      for (const { test, value, negate } of tests) {
        conditions.push({ kind, path, test, value: formatTestValue(test, value), negate });
      }
    }
  }
  const limits = (rule.limits ?? []).map((limit: LimitInput): LimitRow => ({
    counter: limit.counter ?? '',
    window: String(limit.window),
    max: String(limit.max),
    scope: limit.scope ?? 'grant',
    onExceed: limit.on_exceed ?? 'deny',
  }));
  if (rule.rate_limit) {
    const block = rule.rate_limit;
    limits.push({
      block: true,
      counter: block.counter ?? '',
      window: String(block.window),
      max: String(block.max),
      scope: 'session',
      onExceed: 'deny',
    });
  }
  return {
    ok: true,
    form: { action: ruleAction(rule), reason: rule.reason ?? '', limits, conditions, original: rule },
  };
}

const MAX_WINDOW_SECONDS = 366 * 86_400;

function parseLimit(row: LimitRow, index: number, errors: FormError[]): LimitInput | undefined {
  const field = (name: string) => `limits.${index}.${name}`;
  const before = errors.length;
  let window: LimitInput['window'] | undefined;
  if ((limitWindows as readonly string[]).includes(row.window)) {
    window = row.window as (typeof limitWindows)[number];
  } else if (
    /^\d+$/.test(row.window.trim()) &&
    Number(row.window) >= 1 &&
    Number(row.window) <= MAX_WINDOW_SECONDS
  ) {
    window = Number(row.window);
  } else {
    errors.push({
      field: field('window'),
      message: 'A window is a unit or a number of seconds (1 or more).',
    });
  }
  const max = Number(row.max.trim());
  if (row.max.trim() === '' || !Number.isInteger(max) || max < 0 || max > 1_000_000) {
    errors.push({ field: field('max'), message: 'Enter a whole number of calls, 0 to 1,000,000.' });
  }
  const counter = row.counter.trim();
  if (counter.length > 200)
    errors.push({ field: field('counter'), message: 'Keep the counter name under 200 characters.' });
  if (errors.length > before || window === undefined) return undefined;
  // Scope and on_exceed are written even at their defaults, as the suggested policy writes them:
  // "per connected client" is not something a reader should have to know is implied.
  return { ...(counter ? { counter } : {}), window, max, scope: row.scope, on_exceed: row.onExceed };
}

function buildMatcher(tests: { test: TestType; value: unknown }[]): unknown {
  const [only] = tests;
  if (tests.length === 1 && only?.test === 'equals' && isLiteral(only.value)) return only.value;
  return Object.fromEntries(tests.map(({ test, value }) => [test, value]));
}

function parseConditions(
  rows: readonly ConditionRow[],
  errors: FormError[],
): Partial<Record<ConditionKind, Record<string, unknown>>> {
  // Rows on the same argument and kind are one matcher: all of its tests must hold.
  const groups = new Map<string, { kind: ConditionKind; path: string; plain: Test[]; negated: Test[] }>();
  rows.forEach((row, index) => {
    const field = (name: string) => `conditions.${index}.${name}`;
    const path = row.path.trim();
    if (path === '') {
      errors.push({ field: field('path'), message: 'Name the argument, e.g. path or options.mode.' });
      return;
    }
    const parsed = parseTestValue(row.test, row.value);
    if (!parsed.ok) {
      errors.push({ field: field('value'), message: parsed.message });
      return;
    }
    const key = JSON.stringify([row.kind, path]);
    const group = groups.get(key) ?? { kind: row.kind, path, plain: [], negated: [] };
    groups.set(key, group);
    const list = row.negate ? group.negated : group.plain;
    if (list.some((t) => t.test === row.test)) {
      errors.push({
        field: field('test'),
        message: `"${path}" already has a ${row.negate ? 'negated ' : ''}${row.test} test here: use "in" for several values, or another rule.`,
      });
      return;
    }
    list.push({ test: row.test, value: parsed.value, negate: row.negate });
  });

  const out: Partial<Record<ConditionKind, Record<string, unknown>>> = {};
  for (const { kind, path, plain, negated } of groups.values()) {
    const matcher =
      negated.length === 0
        ? buildMatcher(plain)
        : { ...Object.fromEntries(plain.map((t) => [t.test, t.value])), not: buildMatcher(negated) };
    const conditions = out[kind] ?? {};
    Object.defineProperty(conditions, path, {
      value: matcher,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    out[kind] = conditions;
  }
  return out;
}

export function formToRule(form: RuleForm): FormResult<RuleInput> {
  const errors: FormError[] = [];
  const reason = form.reason.trim();
  if (reason.length > 1000)
    errors.push({ field: 'reason', message: 'Keep the reason under 1,000 characters.' });
  const limits = form.limits.map((row, index) => parseLimit(row, index, errors));
  const conditions = parseConditions(form.conditions, errors);
  if (form.action === 'hide' && conditions.when) {
    const index = form.conditions.findIndex((row) => row.kind === 'when');
    errors.push({
      field: `conditions.${index}.kind`,
      message: 'A hidden tool is hidden whatever its arguments: remove the "applies only when" conditions.',
    });
  }
  const blocks = form.limits.filter(isBlock);
  if (blocks.length > 1) {
    errors.push({
      field: `limits.${form.limits.indexOf(blocks[1]!)}.scope`,
      message: 'A rule has one rate_limit block: count this one per client, server or tool instead.',
    });
  }
  if (errors.length > 0) return { ok: false, errors };

  const original = form.original;
  const was = original ? ruleToForm(original) : undefined;
  const before = was?.ok ? was.form : undefined;
  const rule: RuleInput = { ...original };
  if (!before || before.action !== form.action) {
    if (rule.action === undefined) return { ok: true, value: finish({ action: form.action, ...rule }) };
    rule.action = form.action;
  }
  return { ok: true, value: finish(rule) };

  function finish(out: RuleInput): RuleInput {
    if (!before || before.reason.trim() !== reason) {
      if (reason) out.reason = reason;
      else delete out.reason;
    }
    if (!before || JSON.stringify(before.limits) !== JSON.stringify(form.limits)) {
      const written = limits.filter((l, i): l is LimitInput => l !== undefined && !isBlock(form.limits[i]!));
      const block = limits.find((l, i) => l !== undefined && isBlock(form.limits[i]!));
      if (written.length > 0) out.limits = written;
      else delete out.limits;
      if (block) out.rate_limit = asBlock(block);
      else delete out.rate_limit;
    }
    for (const kind of conditionKinds) {
      const rows = (f: RuleForm) => JSON.stringify(f.conditions.filter((row) => row.kind === kind));
      if (before && rows(before) === rows(form)) continue;
      const next = conditions[kind];
      if (next) out[kind] = next as RuleInput['when'];
      else delete out[kind];
    }
    return out;
  }
}

/** A row that still means a hosted rate_limit block: per session, denying over it. */
function isBlock(row: LimitRow): boolean {
  return row.block === true && row.scope === 'session' && row.onExceed === 'deny';
}

function asBlock(limit: LimitInput): NonNullable<RuleInput['rate_limit']> {
  return { max: limit.max, window: limit.window, ...(limit.counter ? { counter: limit.counter } : {}) };
}

/** An entry as forms, one per rule; undefined when some rule is beyond the form. */
export function entryToForms(
  entry: EntryInput | undefined,
): { ok: true; forms: RuleForm[] } | { ok: false; reason: string } {
  const forms: RuleForm[] = [];
  for (const rule of entryRules(entry)) {
    const converted = ruleToForm(rule);
    if (!converted.ok) return converted;
    forms.push(converted.form);
  }
  return { ok: true, forms };
}

/** Forms back to an entry; errors name the rule: `rules.1.limits.0.max`. */
export function formsToEntry(forms: readonly RuleForm[]): FormResult<EntryInput | undefined> {
  const rules: RuleInput[] = [];
  const errors: FormError[] = [];
  forms.forEach((form, index) => {
    const result = formToRule(form);
    if (result.ok) rules.push(result.value);
    else errors.push(...result.errors.map((e) => ({ ...e, field: `rules.${index}.${e.field}` })));
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: rulesToEntry(rules) };
}
