import { app } from 'electron';
import { selfCommand, type SelfCommand } from './launch';

/**
 * How this running app starts itself. Shim mode and the desktop app must agree on it: the configs
 * the desktop app writes are what shim mode later runs, and shim mode starts the desktop app.
 */
export function appSelfCommand(): SelfCommand {
  return selfCommand({
    execPath: process.execPath,
    packaged: app.isPackaged,
    appPath: app.getAppPath(),
    env: process.env,
    platform: process.platform,
  });
}
