import { AlreadyRunningError } from '../instance-lock';
import type { RuntimeInfo } from '../runtime-file';

export interface StartupErrorMessage {
  title: string;
  message: string;
}

/** What the dialog says when the gateway cannot start; `running` is the other gateway's gateway.json. */
export function describeStartupError(
  error: unknown,
  dataDir: string,
  running?: Pick<RuntimeInfo, 'pid' | 'mode' | 'dashboardUrl'>,
): StartupErrorMessage {
  if (error instanceof AlreadyRunningError) {
    const who =
      running?.mode === 'desktop'
        ? `Another Portcullis app (pid ${error.pid})`
        : `A headless Portcullis gateway (\`portcullis serve\`, pid ${error.pid})`;
    const dashboard = running ? `\n\nIts dashboard: ${running.dashboardUrl}` : '';
    return {
      title: 'Portcullis is already running',
      message:
        `${who} is already using the data folder\n${dataDir}\n\n` +
        `Only one gateway can use a data folder at a time. Stop the other one (Ctrl+C in its ` +
        `terminal), then start the app again.${dashboard}`,
    };
  }
  return {
    title: 'Portcullis could not start',
    message: `The gateway could not start:\n${error instanceof Error ? error.message : String(error)}\n\nData folder: ${dataDir}`,
  };
}
