import type { MessageBoxOptions } from 'electron';

/** `dialog.showMessageBox` without a parent window; injected so that a test can answer it. */
export type ShowMessageBox = (options: MessageBoxOptions) => Promise<{ response: number }>;

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
