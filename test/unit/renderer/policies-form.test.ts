import { describe, expect, it } from 'vitest';
import { toolRuleSchema } from '../../../shared/policy';
import type { RuleInput } from '../../../renderer/src/features/policies/policy-edit';
import {
  entryToForms,
  formatTestValue,
  formsToEntry,
  formToRule,
  newConditionRow,
  newLimitRow,
  newRuleForm,
  parseTestValue,
  ruleToForm,
  type RuleForm,
} from '../../../renderer/src/features/policies/rule-form';

function form(rule: RuleInput): RuleForm {
  const result = ruleToForm(rule);
  if (!result.ok) throw new Error(result.reason);
  return result.form;
}

function rule(input: RuleForm): RuleInput {
  const result = formToRule(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('rule ↔ form', () => {
  const full: RuleInput = {
    action: 'approve',
    reason: 'Writes need a look',
    limits: [
      { counter: 'writes', window: 'minute', max: 30, scope: 'grant', on_exceed: 'deny' },
      { window: 90, max: 2, scope: 'session', on_exceed: 'approve' },
    ],
    when: { path: { prefix: '/home' } },
    require: { mode: { in: ['read', 'write'] }, 'options.size': { gte: 1, lte: 10 } },
    deny_if: { path: { glob: '**/.ssh/**', not: { regex: '^/tmp' } }, force: true },
  };

  it('round-trips a rule that uses every part of the form', () => {
    expect(rule(form(full))).toEqual(full);
    expect(toolRuleSchema.safeParse(rule(form(full))).success).toBe(true);
  });

  it('shows one row per test, with the value as text', () => {
    expect(form(full).conditions).toEqual([
      { kind: 'when', path: 'path', test: 'prefix', value: '/home', negate: false },
      { kind: 'require', path: 'mode', test: 'in', value: '["read","write"]', negate: false },
      { kind: 'require', path: 'options.size', test: 'gte', value: '1', negate: false },
      { kind: 'require', path: 'options.size', test: 'lte', value: '10', negate: false },
      { kind: 'deny_if', path: 'path', test: 'glob', value: '**/.ssh/**', negate: false },
      { kind: 'deny_if', path: 'path', test: 'regex', value: '^/tmp', negate: true },
      { kind: 'deny_if', path: 'force', test: 'equals', value: 'true', negate: false },
    ]);
    expect(form(full).limits[1]).toEqual({
      counter: '',
      window: '90',
      max: '2',
      scope: 'session',
      onExceed: 'approve',
    });
  });

  it('fills in the defaults a limit may leave out, and writes them once the limits are edited', () => {
    const opened = form({ limits: [{ window: 'hour', max: 5 }] });
    expect(opened.limits).toEqual([
      { counter: '', window: 'hour', max: '5', scope: 'grant', onExceed: 'deny' },
    ]);
    // Untouched, the limit stays as written.
    expect(rule(opened).limits).toEqual([{ window: 'hour', max: 5 }]);
    const edited = { ...opened, limits: [{ ...opened.limits[0]!, max: '6' }] };
    expect(rule(edited).limits).toEqual([{ window: 'hour', max: 6, scope: 'grant', on_exceed: 'deny' }]);
  });

  it('saves an opened rule unchanged except for the edit: words, key order, left-out defaults', () => {
    const written: RuleInput = {
      reason: 'Echo is rationed',
      deny_if: { message: { prefix: 'secret' } },
      limits: [{ window: 60, max: 30 }],
      require: [],
      when: { message: { exists: true } },
    };
    const opened = form(written);
    expect(JSON.stringify(rule(opened))).toBe(JSON.stringify(written));
    const edited = rule({ ...opened, reason: 'Echo is scarce' });
    expect(JSON.stringify(edited)).toBe(JSON.stringify({ ...written, reason: 'Echo is scarce' }));
    // Changing the action of a rule that relied on the default adds it first.
    expect(Object.keys(rule({ ...opened, action: 'deny' }))[0]).toBe('action');
    const hosted = form({ action: 'require_approval', rate_limit: { max: 3, window: 60 } });
    expect(hosted.limits[0]).toMatchObject({ block: true, scope: 'session', max: '3' });
    expect(rule({ ...hosted, reason: 'x' })).toEqual({
      action: 'require_approval',
      rate_limit: { max: 3, window: 60 },
      reason: 'x',
    });
    // Counted per client instead, it is no longer a rate_limit block.
    const perClient = { ...hosted, limits: [{ ...hosted.limits[0]!, scope: 'grant' as const }] };
    expect(rule(perClient)).toEqual({
      action: 'require_approval',
      limits: [{ window: 60, max: 3, scope: 'grant', on_exceed: 'deny' }],
    });
  });

  it('writes the action, and leaves out an empty reason, limits and conditions', () => {
    expect(rule(newRuleForm())).toEqual({ action: 'allow' });
    expect(rule({ ...newRuleForm('deny'), reason: '   ' })).toEqual({ action: 'deny' });
    expect(form({}).action).toBe('allow');
  });

  it('keeps literals as literals and writes {equals} next to a not', () => {
    const literal = form({ when: { n: 5, s: 'x', z: null } });
    expect(rule(literal).when).toEqual({ n: 5, s: 'x', z: null });
    expect(rule(form({ when: { a: { equals: 'x', not: 'y' } } })).when).toEqual({
      a: { equals: 'x', not: 'y' },
    });
    expect(rule(form({ when: { a: { not: { prefix: 'x', glob: '*y' } } } })).when).toEqual({
      a: { not: { prefix: 'x', glob: '*y' } },
    });
    expect(rule(form({ when: { a: { equals: { deep: [1] } } } })).when).toEqual({
      a: { equals: { deep: [1] } },
    });
  });

  it('says when a rule is beyond the form', () => {
    expect(ruleToForm({ when: { a: { not: { not: 1 } } } })).toEqual({
      ok: false,
      reason: 'The condition on "a" nests "not" inside "not".',
    });
  });
});

describe('test values', () => {
  it('quotes text that would read back as something else', () => {
    expect(formatTestValue('equals', 'plain')).toBe('plain');
    expect(formatTestValue('equals', '42')).toBe('"42"');
    expect(formatTestValue('equals', 'true')).toBe('"true"');
    expect(formatTestValue('equals', 42)).toBe('42');
    expect(formatTestValue('equals', null)).toBe('null');
    for (const value of ['plain', '42', 'true', '"q"', '', 42, false, null, [1, 'a'], { k: 1 }]) {
      const parsed = parseTestValue('equals', formatTestValue('equals', value));
      expect(parsed).toEqual({ ok: true, value });
    }
  });

  it('reads a list as JSON or as comma-separated values', () => {
    expect(parseTestValue('in', '["a", 1]')).toEqual({ ok: true, value: ['a', 1] });
    expect(parseTestValue('in', 'read, write, 3')).toEqual({ ok: true, value: ['read', 'write', 3] });
    expect(parseTestValue('in', '[1,')).toMatchObject({ ok: false });
    expect(parseTestValue('in', ' ')).toMatchObject({ ok: false });
  });

  it('checks numbers, regular expressions, folders and exists', () => {
    expect(parseTestValue('gt', ' 2.5 ')).toEqual({ ok: true, value: 2.5 });
    expect(parseTestValue('lte', 'ten')).toEqual({ ok: false, message: 'Enter a number.' });
    expect(parseTestValue('gte', '')).toMatchObject({ ok: false });
    // Patterns are the gateway's to judge (RE2): the form only asks for one.
    expect(parseTestValue('regex', '(?i)^a')).toEqual({ ok: true, value: '(?i)^a' });
    expect(parseTestValue('regex', '')).toMatchObject({ ok: false });
    expect(parseTestValue('path_prefix', '')).toMatchObject({ ok: false });
    expect(parseTestValue('exists', 'false')).toEqual({ ok: true, value: false });
    expect(parseTestValue('exists', 'true')).toEqual({ ok: true, value: true });
    expect(formatTestValue('exists', false)).toBe('false');
    expect(parseTestValue('prefix', '')).toEqual({ ok: true, value: '' });
  });
});

describe('form errors', () => {
  it('reports each bad field by name', () => {
    const result = formToRule({
      action: 'allow',
      reason: '',
      limits: [{ ...newLimitRow(), window: 'fortnight', max: '-1' }],
      conditions: [
        { ...newConditionRow(), path: ' ' },
        { ...newConditionRow(), path: 'n', test: 'gt', value: 'x' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'limits.0.window', message: 'A window is a unit or a number of seconds (1 or more).' },
        { field: 'limits.0.max', message: 'Enter a whole number of calls, 0 to 1,000,000.' },
        { field: 'conditions.0.path', message: 'Name the argument, e.g. path or options.mode.' },
        { field: 'conditions.1.value', message: 'Enter a number.' },
      ],
    });
  });

  it('accepts a window in seconds and refuses zero', () => {
    expect(
      rule({ ...newRuleForm(), limits: [{ ...newLimitRow(), window: '3600' }] }).limits?.[0]?.window,
    ).toBe(3600);
    expect(formToRule({ ...newRuleForm(), limits: [{ ...newLimitRow(), window: '0' }] }).ok).toBe(false);
  });

  it('refuses two tests of the same type on one argument', () => {
    const row = { ...newConditionRow('require'), path: 'p', test: 'prefix' as const, value: 'a' };
    const result = formToRule({ ...newRuleForm(), conditions: [row, { ...row, value: 'b' }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]?.field).toBe('conditions.1.test');
  });

  it('refuses hide with conditions on when it applies, as the gateway does', () => {
    const result = formToRule({
      ...newRuleForm('hide'),
      conditions: [{ ...newConditionRow('when'), path: 'a', value: '1' }],
    });
    expect(!result.ok && result.errors[0]?.field).toBe('conditions.0.kind');
    expect(
      rule({
        ...newRuleForm('hide'),
        conditions: [{ ...newConditionRow('deny_if'), path: 'a', value: '1' }],
      }),
    ).toEqual({
      action: 'hide',
      deny_if: { a: 1 },
    });
  });
});

describe('entries as forms', () => {
  it('turns a list of rules into forms and back', () => {
    const entry: RuleInput[] = [{ action: 'deny', when: { path: { prefix: '/etc' } } }, { action: 'allow' }];
    const forms = entryToForms(entry);
    expect(forms.ok && forms.forms).toHaveLength(2);
    expect(forms.ok && formsToEntry(forms.forms)).toEqual({ ok: true, value: entry });
  });

  it('writes one rule as an object and none as no entry', () => {
    expect(formsToEntry([newRuleForm('deny')])).toEqual({ ok: true, value: { action: 'deny' } });
    expect(formsToEntry([])).toEqual({ ok: true, value: undefined });
    expect(entryToForms(undefined)).toEqual({ ok: true, forms: [] });
  });

  it('names the rule in each error', () => {
    const result = formsToEntry([
      newRuleForm(),
      { ...newRuleForm(), limits: [{ ...newLimitRow(), max: '' }] },
    ]);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['rules.1.limits.0.max']);
  });
});
