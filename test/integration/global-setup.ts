import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath, rendererIndex, repoRoot } from '../helpers/paths';

/**
 * Integration tests run the built CLI as real processes. `npm test` builds first; when the tests
 * are started on their own and there is no build, build once here rather than fail obscurely.
 */
export default function setup(): void {
  if (existsSync(cliPath) && existsSync(rendererIndex)) return;
  console.log('[integration] no build found: running electron-vite build');
  execFileSync(process.execPath, [`${repoRoot}/node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}
