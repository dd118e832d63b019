/**
 * What a key press does while an approval is shown. The rule: a key may deny, but only a click
 * (or Space on an allow button the person moved to on purpose) may allow. Enter is the key people
 * press without looking — to confirm something else, or because a dialog appeared under their
 * typing — so Enter never allows.
 */

/** What the key was pressed on, from the `data-answer` attribute of the element or its ancestor. */
export type KeyTarget = 'allow' | 'deny' | 'reason' | 'other';

export interface KeyPress {
  key: string;
  /** Held down: auto-repeat must not answer one approval after another. */
  repeat: boolean;
  /** Part of an input-method composition (the key belongs to the IME, not to us). */
  composing: boolean;
  target: KeyTarget;
}

/** `deny`: deny now (with the reason typed so far). `block`: swallow the key. `pass`: leave it alone. */
export type KeyDecision = 'deny' | 'block' | 'pass';

export function decideKey(press: KeyPress): KeyDecision {
  if (press.composing) return 'pass';
  switch (press.key) {
    case 'Escape':
      return press.repeat ? 'block' : 'deny';
    case 'Enter':
      if (press.target === 'allow') return 'block';
      // In the reason field, Enter submits the field's own form: the deny.
      if (press.target === 'reason') return press.repeat ? 'block' : 'deny';
      return 'pass';
    case ' ':
      // Space on a focused allow button is the deliberate keyboard way to allow, once per press.
      return press.target === 'allow' && press.repeat ? 'block' : 'pass';
    default:
      return 'pass';
  }
}

export function keyTarget(answerAttribute: string | null | undefined): KeyTarget {
  return answerAttribute === 'allow' || answerAttribute === 'deny' || answerAttribute === 'reason'
    ? answerAttribute
    : 'other';
}
