import { WINDOW_SECONDS } from '../../../../shared/policy';
import { ruleActions, type RuleAction } from './policy-edit';
import {
  conditionKinds,
  limitScopes,
  limitWindows,
  newConditionRow,
  newLimitRow,
  testTypes,
  type ConditionKind,
  type ConditionRow,
  type LimitRow,
  type RuleForm,
  type TestType,
} from './rule-form';

export const actionLabels: Record<RuleAction, string> = {
  allow: 'Allow',
  approve: 'Ask first',
  deny: 'Deny',
  hide: 'Hide',
};

const kindLabels: Record<ConditionKind, string> = {
  when: 'Applies only when',
  require: 'Denied unless',
  deny_if: 'Denied when',
};

const testLabels: Record<TestType, string> = {
  equals: 'equals',
  in: 'is one of',
  prefix: 'starts with',
  path_prefix: 'is under folder',
  glob: 'matches glob',
  regex: 'matches regex',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  exists: 'exists',
};

const testPlaceholders: Partial<Record<TestType, string>> = {
  equals: 'text, 42, true or "quoted"',
  in: 'a, b, c  or  ["a", 1]',
  prefix: 'https://',
  path_prefix: '/home/me/projects',
  glob: '**/*.md',
  regex: '^[a-z]+$',
};

const scopeLabels: Record<LimitRow['scope'], string> = {
  grant: 'per client',
  session: 'per session',
  server: 'per server',
  tool: 'per tool',
  global: 'in total',
};

type Errors = ReadonlyMap<string, string>;

function FieldError({ errors, field }: { errors: Errors; field: string }) {
  const message = errors.get(field);
  return message ? <span className="control-error">{message}</span> : null;
}

export function RuleFields({
  form,
  onChange,
  errors,
  prefix,
}: {
  form: RuleForm;
  onChange: (form: RuleForm) => void;
  errors: Errors;
  /** Error fields for this rule start with this (`rules.0.`). */
  prefix: string;
}) {
  const setLimit = (index: number, row: LimitRow) =>
    onChange({ ...form, limits: form.limits.map((r, i) => (i === index ? row : r)) });
  const setCondition = (index: number, row: ConditionRow) =>
    onChange({ ...form, conditions: form.conditions.map((r, i) => (i === index ? row : r)) });

  return (
    <div className="rule-fields">
      <div className="field-row">
        <label className="control">
          <span className="control-label">Action</span>
          <select
            value={form.action}
            data-testid="rule-action"
            onChange={(event) => onChange({ ...form, action: event.target.value as RuleAction })}
          >
            {ruleActions.map((action) => (
              <option key={action} value={action}>
                {actionLabels[action]}
              </option>
            ))}
          </select>
        </label>
        <label className="control control-grow">
          <span className="control-label">Reason (shown to the person and to the agent)</span>
          <input
            type="text"
            value={form.reason}
            data-testid="rule-reason"
            placeholder="e.g. No shell from agents"
            aria-invalid={errors.has(`${prefix}reason`)}
            onChange={(event) => onChange({ ...form, reason: event.target.value })}
          />
          <FieldError errors={errors} field={`${prefix}reason`} />
        </label>
      </div>

      <fieldset className="subfields">
        <legend>Rate limits</legend>
        {form.limits.length === 0 ? <p className="muted small">No limits: calls are not counted.</p> : null}
        {form.limits.map((row, index) => (
          <LimitFields
            key={index}
            row={row}
            onChange={(next) => setLimit(index, next)}
            onRemove={() => onChange({ ...form, limits: form.limits.filter((_, i) => i !== index) })}
            errors={errors}
            prefix={`${prefix}limits.${index}.`}
          />
        ))}
        <button
          type="button"
          className="button button-small"
          data-testid="add-limit"
          onClick={() => onChange({ ...form, limits: [...form.limits, newLimitRow()] })}
        >
          Add a limit
        </button>
      </fieldset>

      <fieldset className="subfields">
        <legend>Conditions on the call’s arguments</legend>
        {form.conditions.length === 0 ? (
          <p className="muted small">No conditions: the rule applies to every call of this tool.</p>
        ) : null}
        {form.conditions.map((row, index) => (
          <ConditionFields
            key={index}
            row={row}
            onChange={(next) => setCondition(index, next)}
            onRemove={() => onChange({ ...form, conditions: form.conditions.filter((_, i) => i !== index) })}
            errors={errors}
            prefix={`${prefix}conditions.${index}.`}
          />
        ))}
        <button
          type="button"
          className="button button-small"
          data-testid="add-condition"
          onClick={() => onChange({ ...form, conditions: [...form.conditions, newConditionRow()] })}
        >
          Add a condition
        </button>
      </fieldset>
    </div>
  );
}

function LimitFields({
  row,
  onChange,
  onRemove,
  errors,
  prefix,
}: {
  row: LimitRow;
  onChange: (row: LimitRow) => void;
  onRemove: () => void;
  errors: Errors;
  prefix: string;
}) {
  const unit = (limitWindows as readonly string[]).includes(row.window) ? row.window : 'custom';
  const onUnit = (value: string) => {
    if (value !== 'custom') onChange({ ...row, window: value });
    else onChange({ ...row, window: String(WINDOW_SECONDS[unit as keyof typeof WINDOW_SECONDS] ?? 60) });
  };
  return (
    <div className="subfield-row" data-testid="limit-row">
      <label className="control">
        <span className="control-label">At most</span>
        <input
          type="number"
          className="number-input"
          min={0}
          value={row.max}
          aria-invalid={errors.has(`${prefix}max`)}
          onChange={(event) => onChange({ ...row, max: event.target.value })}
        />
        <FieldError errors={errors} field={`${prefix}max`} />
      </label>
      <label className="control">
        <span className="control-label">calls per</span>
        <select value={unit} onChange={(event) => onUnit(event.target.value)}>
          {limitWindows.map((window) => (
            <option key={window} value={window}>
              {window}
            </option>
          ))}
          <option value="custom">seconds…</option>
        </select>
      </label>
      {unit === 'custom' ? (
        <label className="control">
          <span className="control-label">seconds</span>
          <input
            type="number"
            className="number-input"
            min={1}
            value={row.window}
            aria-invalid={errors.has(`${prefix}window`)}
            onChange={(event) => onChange({ ...row, window: event.target.value })}
          />
          <FieldError errors={errors} field={`${prefix}window`} />
        </label>
      ) : null}
      <label className="control">
        <span className="control-label">counted</span>
        <select
          value={row.scope}
          onChange={(event) => onChange({ ...row, scope: event.target.value as LimitRow['scope'] })}
        >
          {limitScopes.map((scope) => (
            <option key={scope} value={scope}>
              {scopeLabels[scope]} ({scope})
            </option>
          ))}
        </select>
      </label>
      <label className="control">
        <span className="control-label">over the limit</span>
        <select
          value={row.onExceed}
          onChange={(event) => onChange({ ...row, onExceed: event.target.value as LimitRow['onExceed'] })}
        >
          <option value="deny">deny</option>
          <option value="approve">ask first</option>
        </select>
      </label>
      <label className="control">
        <span className="control-label">shared counter (optional)</span>
        <input
          type="text"
          value={row.counter}
          placeholder="e.g. writes"
          aria-invalid={errors.has(`${prefix}counter`)}
          onChange={(event) => onChange({ ...row, counter: event.target.value })}
        />
        <FieldError errors={errors} field={`${prefix}counter`} />
      </label>
      <button type="button" className="button button-small remove-button" onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}

function ConditionFields({
  row,
  onChange,
  onRemove,
  errors,
  prefix,
}: {
  row: ConditionRow;
  onChange: (row: ConditionRow) => void;
  onRemove: () => void;
  errors: Errors;
  prefix: string;
}) {
  return (
    <div className="subfield-row" data-testid="condition-row">
      <label className="control">
        <span className="control-label">Rule</span>
        <select
          value={row.kind}
          aria-invalid={errors.has(`${prefix}kind`)}
          onChange={(event) => onChange({ ...row, kind: event.target.value as ConditionKind })}
        >
          {conditionKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabels[kind]} ({kind})
            </option>
          ))}
        </select>
        <FieldError errors={errors} field={`${prefix}kind`} />
      </label>
      <label className="control">
        <span className="control-label">argument</span>
        <input
          type="text"
          className="mono"
          value={row.path}
          placeholder="path or options.mode"
          aria-invalid={errors.has(`${prefix}path`)}
          onChange={(event) => onChange({ ...row, path: event.target.value })}
        />
        <FieldError errors={errors} field={`${prefix}path`} />
      </label>
      <label className="control control-check">
        <input
          type="checkbox"
          checked={row.negate}
          onChange={(event) => onChange({ ...row, negate: event.target.checked })}
        />
        <span className="control-label">not</span>
      </label>
      <label className="control">
        <span className="control-label">test</span>
        <select
          value={row.test}
          aria-invalid={errors.has(`${prefix}test`)}
          onChange={(event) => {
            const test = event.target.value as TestType;
            onChange({
              ...row,
              test,
              value: test === 'exists' ? 'true' : row.test === 'exists' ? '' : row.value,
            });
          }}
        >
          {testTypes.map((test) => (
            <option key={test} value={test}>
              {testLabels[test]}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field={`${prefix}test`} />
      </label>
      <label className="control control-grow">
        <span className="control-label">value</span>
        {row.test === 'exists' ? (
          <select
            value={row.value === 'false' ? 'false' : 'true'}
            onChange={(event) => onChange({ ...row, value: event.target.value })}
          >
            <option value="true">yes (the argument is given)</option>
            <option value="false">no (the argument is left out)</option>
          </select>
        ) : (
          <input
            type="text"
            className="mono"
            value={row.value}
            placeholder={testPlaceholders[row.test] ?? 'a number'}
            aria-invalid={errors.has(`${prefix}value`)}
            onChange={(event) => onChange({ ...row, value: event.target.value })}
          />
        )}
        <FieldError errors={errors} field={`${prefix}value`} />
      </label>
      <button type="button" className="button button-small remove-button" onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}
