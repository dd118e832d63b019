#!/usr/bin/env node
// `npm start`: build, then run the desktop app if Electron can start here, else the headless
// gateway (`portcullis serve`), passing the remaining arguments through.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

// The CLI through Node rather than `npx`, which on Windows is a .cmd that needs a shell.
const require = createRequire(import.meta.url);
const viteCli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const build = spawnSync(process.execPath, [viteCli, 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = findElectron();
if (electron.path) {
  // An inherited ELECTRON_RUN_AS_NODE would start Electron as plain Node.
  const { ELECTRON_RUN_AS_NODE: _, ...env } = process.env;
  run(electron.path, ['.', ...args], env);
} else {
  console.log(
    `${electron.problem}; running the headless gateway instead: npx portcullis serve ${args.join(' ')}`.trimEnd(),
  );
  run(process.execPath, [join(root, 'bin', 'portcullis.js'), 'serve', ...args], process.env);
}

/** The Electron binary, or why it cannot start here. */
function findElectron() {
  // `require('electron')` resolves the binary, downloading it first if needed; in a child process
  // with its output captured, so that a failed download is one line here, not a stack trace.
  const probe = spawnSync(process.execPath, ['-e', "console.log(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  // The last line: a first download prints progress before the path.
  const path = probe.stdout?.trim().split('\n').pop();
  if (probe.status !== 0 || !path) {
    return { problem: 'Electron is not available here (the binary could not be downloaded)' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { problem: 'Electron cannot open a window here (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { path };
}

function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  // Ctrl+C reaches the child directly (same process group), so SIGINT is only kept from killing
  // this parent before the child has stopped; a SIGTERM/SIGHUP sent to this pid is passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
