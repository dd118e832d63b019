// Electron entry: first decide what this start is for. A client config runs this executable as a
// shim (stdio bridge, no UI); anything else is the desktop app, possibly in the background.
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { parseLaunch } from './launch';

// Resolved here, in out/main/app.js: the modules loaded below live in out/main/chunks/.
const built = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const fail = (error: unknown) => {
  console.error(
    `Portcullis could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  app.exit(1);
};

const launch = parseLaunch(process.argv, app.isPackaged);
// Loaded on demand, so that a shim never loads the gateway, the store or the UI. Awaited at the top
// level: Electron emits `ready` only once this module has settled, and both modes set things up that
// must come before it (userData, the single-instance lock, hardware acceleration).
try {
  if (launch.mode === 'shim') {
    const { runShimMode } = await import('./shim-mode');
    // Not awaited: it lasts as long as the client's session.
    runShimMode(launch.args).catch(fail);
  } else {
    const { runDesktop } = await import('./desktop');
    runDesktop(launch, { rendererDir: built('../renderer'), preloadPath: built('../preload/preload.cjs') });
  }
} catch (error) {
  fail(error);
}
