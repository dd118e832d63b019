import { describe, expect, it } from 'vitest';
import { denyWith, grantTexts, REASON_MAX } from '../../../renderer/src/features/approvals/answer-choice';
import { approval } from './factories';
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

describe('grantTexts', () => {
  it("says the gateway's plan: the entry Always allow writes and where, and what the session covers", () => {
    const texts = grantTexts(
      approval({
        id: 'a1',
        tool: 'write_file',
        rule: 'tools.write_*',
        grants: {
          always: {
            offered: true,
            revision: 3,
            path: 'clients.cursor.servers.fs.tools.write_file',
            entry: [
              { action: 'deny', when: { path: { prefix: '/etc' } } },
              { action: 'allow', limits: [{ window: 'minute', max: 2, scope: 'grant', on_exceed: 'deny' }] },
            ],
            kept: ['servers.fs.tools.write_file'],
          },
          session: { offered: true, covers: 'Calls to write_file in this session that tools.write_* sends' },
        },
      }),
    );
    expect(texts.session).toBe('Calls to write_file in this session that tools.write_* sends');
    expect(texts.always).toEqual({
      offered: true,
      path: 'clients.cursor.servers.fs.tools.write_file',
      // One rule a line: exactly the JSON that is written, readable at a glance.
      json: [
        '[',
        '  {"action":"deny","when":{"path":{"prefix":"/etc"}}},',
        '  {"action":"allow","limits":[{"window":"minute","max":2,"scope":"grant","on_exceed":"deny"}]}',
        ']',
      ].join('\n'),
      notes: [
        'servers.fs.tools.write_file decides some write_file calls before tools.write_*: copied ahead of the new rule, it still does.',
      ],
    });
    expect(texts.once).toContain('next one asks again');
  });

  it('says why an answer is not offered', () => {
    const why = 'A rate limit sent this call for approval';
    const texts = grantTexts(
      approval({
        id: 'a2',
        grants: { always: { offered: false, why }, session: { offered: false, why } },
      }),
    );
    expect(texts.always).toEqual({ offered: false, text: `Not offered: ${why}` });
    expect(texts.session).toBe(`Not offered: ${why}`);
  });
});
