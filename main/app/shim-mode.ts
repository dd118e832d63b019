// Shim mode: a client config started this executable to reach the gateway over stdio. No window,
// no tray, no single-instance lock (every client session runs its own shim); exit when it ends.
import { join } from 'node:path';
import { app } from 'electron';
import { runShimCommand } from '../cli/shim-command';
import { desktopGatewayLauncher } from './launch';
import { appSelfCommand } from './self';

/** Everything before its first `await` runs before Electron's `ready` (main.ts awaits the import). */
export async function runShimMode(args: string[]): Promise<void> {
  // Nothing is drawn: no GPU work, and no Dock icon (LSUIElement covers the packaged app already).
  app.disableHardwareAcceleration();
  app.dock?.hide();
  // Chromium's own files go to a profile of their own, never the one the running app has open.
  app.setPath('userData', join(app.getPath('userData'), 'shim-profile'));
  const self = appSelfCommand();
  let code: number;
  try {
    code = await runShimCommand(args, (dataDir) => desktopGatewayLauncher(self, dataDir));
  } catch (error) {
    process.stderr.write(`Portcullis shim: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 1;
  }
  // Electron does not exit when the event loop drains; exit once stdout has taken the last bytes
  // (pipes are asynchronous on macOS, and an exit would drop what is still queued).
  process.stdout.write('', () => app.exit(code));
}
