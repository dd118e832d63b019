import { describe, expect, it } from 'vitest';
import { allowHints, denyWith, REASON_MAX } from '../../../renderer/src/features/approvals/answer-choice';
import {
  decideKey,
  keyTarget,
  type KeyPress,
  type KeyTarget,
} from '../../../renderer/src/features/approvals/answer-keys';

const press = (key: string, target: KeyTarget, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  target,
  repeat: false,
  composing: false,
  ...extra,
});
const targets: KeyTarget[] = ['allow', 'deny', 'reason', 'other'];

describe('decideKey', () => {
  it('denies on Escape wherever the focus is', () => {
    for (const target of targets) expect(decideKey(press('Escape', target))).toBe('deny');
  });

  it('never lets Enter allow: it is swallowed on an allow button', () => {
    expect(decideKey(press('Enter', 'allow'))).toBe('block');
    expect(decideKey(press('Enter', 'allow', { repeat: true }))).toBe('block');
  });

  it('makes Enter in the reason field deny, and leaves Enter elsewhere alone', () => {
    expect(decideKey(press('Enter', 'reason'))).toBe('deny');
    // On the Deny button Enter is its own click (a deny); elsewhere it presses nothing that allows.
    expect(decideKey(press('Enter', 'deny'))).toBe('pass');
    expect(decideKey(press('Enter', 'other'))).toBe('pass');
  });

  it('does not answer one call after another while a key is held down', () => {
    expect(decideKey(press('Escape', 'other', { repeat: true }))).toBe('block');
    expect(decideKey(press('Enter', 'reason', { repeat: true }))).toBe('block');
    expect(decideKey(press(' ', 'allow', { repeat: true }))).toBe('block');
  });

  it('lets Space on an allow button the person moved to do its click', () => {
    expect(decideKey(press(' ', 'allow'))).toBe('pass');
  });

  it('leaves keys that belong to an input method alone', () => {
    expect(decideKey(press('Enter', 'reason', { composing: true }))).toBe('pass');
    expect(decideKey(press('Escape', 'reason', { composing: true }))).toBe('pass');
  });

  it('ignores other keys', () => {
    expect(decideKey(press('a', 'reason'))).toBe('pass');
    expect(decideKey(press('Tab', 'allow'))).toBe('pass');
  });
});

describe('keyTarget', () => {
  it('reads the data-answer attribute, and anything else is "other"', () => {
    expect(keyTarget('allow')).toBe('allow');
    expect(keyTarget('deny')).toBe('deny');
    expect(keyTarget('reason')).toBe('reason');
    expect(keyTarget('Allow')).toBe('other');
    expect(keyTarget(null)).toBe('other');
    expect(keyTarget(undefined)).toBe('other');
  });
});

describe('denyWith', () => {
  it('sends a trimmed reason, or none rather than a blank one', () => {
    expect(denyWith('  not now ')).toEqual({ decision: 'deny', reason: 'not now' });
    expect(denyWith('   ')).toEqual({ decision: 'deny' });
    expect(denyWith('')).toEqual({ decision: 'deny' });
  });

  it('never sends more than the gateway accepts', () => {
    const answer = denyWith('x'.repeat(REASON_MAX + 50));
    expect(answer.decision === 'deny' && answer.reason).toHaveLength(REASON_MAX);
  });
});

describe('allowHints', () => {
  it('says that Always allow writes a rule, for this client, tool and server', () => {
    const hints = allowHints({
      client: 'cursor',
      server: 'github',
      tool: 'create_issue',
      askedBy: 'cursor 1.2',
    });
    expect(hints.always).toBe(
      'Always allow adds a rule to the policy: cursor may call create_issue on github without asking, from now on. Remove it on the Policies page.',
    );
    expect(hints.session).toContain('cursor (cursor 1.2)');
    expect(hints.once).toContain('next one asks again');
  });
});
