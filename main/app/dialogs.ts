import type { MessageBoxOptions } from 'electron';
import { visibleText } from '../../shared/visible-text';

/** `dialog.showMessageBox` without a parent window; injected so that a test can answer it. */
export type ShowMessageBox = (options: MessageBoxOptions) => Promise<{ response: number }>;

/** An error for a dialog or the log: its message may quote a server or a config file, so it is shown escaped. */
export function errorText(error: unknown): string {
  return visibleText(error instanceof Error ? error.message : String(error));
}
