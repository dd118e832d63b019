#!/usr/bin/env node
// `npm run dist`: build, package with electron-builder, then put better-sqlite3 back as Node needs it.
// electron-builder rebuilds native modules in place for Electron's ABI; without the last step,
// `npx portcullis` and `npm test` would fail afterwards with a NODE_MODULE_VERSION mismatch.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (command, args) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

let status = run(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build']);
if (status === 0) {
  status = run(process.execPath, [
    'node_modules/electron-builder/cli.js',
    '--config',
    'electron-builder.yml',
    ...process.argv.slice(2),
  ]);
}
const restored = run(npm, ['rebuild', 'better-sqlite3']);
if (restored !== 0)
  console.error('dist: could not rebuild better-sqlite3 for Node; run `npm rebuild better-sqlite3`.');
process.exit(status || restored);
