import type { MessageBoxOptions } from 'electron';
import type { ApiClient } from '../../shared/api';
import { errorText, type ShowMessageBox } from './dialogs';
import { clockTime } from './tray';

/** What the tray's "Pause protection for 15 minutes…" pauses for. */
export const PAUSE_MINUTES = 15;

const PAUSE = 0;

/** The warning shown before pausing; Cancel is the default, so a stray Enter does not pause. */
export function pauseWarning(now: number, minutes = PAUSE_MINUTES): MessageBoxOptions {
  return {
    type: 'warning',
    title: 'Pause protection',
    message: `Pause protection for ${minutes} minutes?`,
    detail: `Every new call will go through unchecked until ${clockTime(now + minutes * 60_000)}. Calls already waiting still wait for your answer. Calls are still audited.`,
    buttons: ['Pause protection', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export interface PauseOptions {
  api: Pick<ApiClient, 'protection:pause'>;
  showMessageBox: ShowMessageBox;
  now?: () => number;
  minutes?: number;
}

/** Warn, and pause only when the person confirms. The backend audits the pause. */
export async function pauseProtection(options: PauseOptions): Promise<'paused' | 'cancelled' | 'failed'> {
  const minutes = options.minutes ?? PAUSE_MINUTES;
  const { response } = await options.showMessageBox(pauseWarning((options.now ?? Date.now)(), minutes));
  if (response !== PAUSE) return 'cancelled';
  try {
    await options.api['protection:pause']({ minutes });
    return 'paused';
  } catch (error) {
    await options.showMessageBox({
      type: 'error',
      title: 'Pause protection',
      message: 'Protection was not paused.',
      detail: errorText(error),
      buttons: ['OK'],
    });
    return 'failed';
  }
}

export interface ResumeOptions {
  api: Pick<ApiClient, 'protection:resume'>;
  showMessageBox: ShowMessageBox;
}

/** Resuming only makes things safer, so it needs no confirmation; a failure is shown, not swallowed. */
export async function resumeProtection(options: ResumeOptions): Promise<boolean> {
  try {
    await options.api['protection:resume']({});
    return true;
  } catch (error) {
    await options.showMessageBox({
      type: 'error',
      title: 'Resume protection',
      message: 'Protection could not be resumed.',
      detail: errorText(error),
      buttons: ['OK'],
    });
    return false;
  }
}
