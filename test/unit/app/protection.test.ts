import { describe, expect, it } from 'vitest';
import { pauseProtection, pauseWarning, resumeProtection } from '../../../main/app/protection';
import { fakeApi, fakeMessageBox } from './fakes';

const at1405 = new Date(2026, 4, 12, 14, 5, 0).getTime();

describe('pauseWarning', () => {
  it('says until when every call goes through unchecked, and that calls are still audited', () => {
    expect(pauseWarning(at1405)).toMatchObject({
      type: 'warning',
      message: 'Pause protection for 15 minutes?',
      detail:
        'Every new call will go through unchecked until 14:20. Calls already waiting still wait for your answer. Calls are still audited.',
      buttons: ['Pause protection', 'Cancel'],
    });
  });

  it('Cancel is both the default and the escape answer', () => {
    const { defaultId, cancelId, buttons } = pauseWarning(at1405);
    expect(buttons?.[defaultId!]).toBe('Cancel');
    expect(buttons?.[cancelId!]).toBe('Cancel');
  });
});

describe('pauseProtection', () => {
  const paused = () => fakeApi({ 'protection:pause': () => ({ pausedUntil: at1405 + 15 * 60_000 }) });

  it('declined: nothing is dispatched', async () => {
    const { api, calls } = paused();
    const box = fakeMessageBox(1);
    expect(await pauseProtection({ api, showMessageBox: box.showMessageBox, now: () => at1405 })).toBe(
      'cancelled',
    );
    expect(box.shown).toHaveLength(1);
    expect(box.shown[0]?.detail).toContain('until 14:20');
    expect(calls).toEqual([]);
  });

  it('accepted: protection:pause is dispatched for 15 minutes', async () => {
    const { api, calls } = paused();
    const box = fakeMessageBox(0);
    expect(await pauseProtection({ api, showMessageBox: box.showMessageBox, now: () => at1405 })).toBe(
      'paused',
    );
    expect(calls).toEqual([['protection:pause', { minutes: 15 }]]);
    expect(box.shown).toHaveLength(1);
  });

  it('a refused pause is shown to the person', async () => {
    const { api } = fakeApi({
      'protection:pause': () => {
        throw new Error('the policy store is read-only');
      },
    });
    const box = fakeMessageBox(0);
    expect(await pauseProtection({ api, showMessageBox: box.showMessageBox })).toBe('failed');
    expect(box.shown[1]).toMatchObject({
      type: 'error',
      message: 'Protection was not paused.',
      detail: 'the policy store is read-only',
    });
  });
});

describe('resumeProtection', () => {
  it('resumes without asking', async () => {
    const { api, calls } = fakeApi({ 'protection:resume': () => ({}) });
    const box = fakeMessageBox();
    expect(await resumeProtection({ api, showMessageBox: box.showMessageBox })).toBe(true);
    expect(calls).toEqual([['protection:resume', {}]]);
    expect(box.shown).toEqual([]);
  });

  it('shows a failure', async () => {
    const { api } = fakeApi({});
    const box = fakeMessageBox();
    expect(await resumeProtection({ api, showMessageBox: box.showMessageBox })).toBe(false);
    expect(box.shown[0]).toMatchObject({ type: 'error', detail: 'no fake for protection:resume' });
  });
});
