import './time-range-picker.css';
import { useState } from 'react';
import { Field } from './field';
import {
  fromLocalInput,
  isRangePreset,
  presetLabels,
  toLocalInput,
  type RangePreset,
  type TimeRange,
} from './time-range';

/**
 * A time range: a menu of presets, and "Custom" with From and To fields applied together (a
 * half-typed date must not reload the page at every keystroke).
 */
export function TimeRangePicker({
  value,
  onChange,
  presets,
  allowAll,
}: {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
  presets: readonly RangePreset[];
  /** Offer "Any time" (the Audit page); the Overview always has a range. */
  allowAll: boolean;
}) {
  const [custom, setCustom] = useState(value.kind === 'custom');
  const [from, setFrom] = useState(value.kind === 'custom' ? toLocalInput(value.since) : '');
  const [to, setTo] = useState(value.kind === 'custom' ? toLocalInput(value.until) : '');
  const [problem, setProblem] = useState<string | null>(null);
  const selected = custom || value.kind === 'custom' ? 'custom' : value.kind === 'all' ? 'all' : value.preset;

  const onSelect = (choice: string) => {
    setProblem(null);
    if (choice === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    if (choice === 'all') onChange({ kind: 'all' });
    else if (isRangePreset(choice)) onChange({ kind: 'preset', preset: choice });
  };
  const apply = () => {
    const since = fromLocalInput(from);
    const until = fromLocalInput(to);
    if (since === undefined && until === undefined) {
      setProblem('Enter a start, an end, or both.');
      return;
    }
    if (since !== undefined && until !== undefined && until <= since) {
      setProblem('The end must be after the start.');
      return;
    }
    setProblem(null);
    onChange({
      kind: 'custom',
      ...(since === undefined ? {} : { since }),
      ...(until === undefined ? {} : { until }),
    });
  };

  return (
    <div className="time-range" data-testid="time-range">
      <Field label="Time">
        {(id) => (
          <select id={id} value={selected} onChange={(event) => onSelect(event.target.value)} name="range">
            {allowAll ? <option value="all">Any time</option> : null}
            {presets.map((preset) => (
              <option key={preset} value={preset}>
                {presetLabels[preset]}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        )}
      </Field>
      {selected === 'custom' ? (
        <fieldset className="time-range-custom">
          <legend className="visually-hidden">Custom time range</legend>
          <Field label="From">
            {(id) => (
              <input
                id={id}
                type="datetime-local"
                value={from}
                onChange={(event) => setFrom(event.target.value)}
              />
            )}
          </Field>
          <Field label="To">
            {(id) => (
              <input
                id={id}
                type="datetime-local"
                value={to}
                onChange={(event) => setTo(event.target.value)}
              />
            )}
          </Field>
          <button type="button" className="button" onClick={apply} data-testid="time-range-apply">
            Apply range
          </button>
          {problem ? (
            <p className="field-problem" role="alert">
              {problem}
            </p>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}
