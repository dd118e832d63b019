import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** Whether the app is running; undefined when it cannot be told. */
export type AppRunning = () => Promise<boolean | undefined>;

/**
 * Whether Claude Desktop is running. Its extension settings are only edited while it is not: it
 * rewrites them when it quits (third-party uninstall scripts warn about exactly this). macOS:
 * `pgrep -x Claude`; Windows: `tasklist` for Claude.exe; Linux (community builds): a process
 * named `claude-desktop` or `Claude` (not `claude`, which is Claude Code).
 */
export function claudeDesktopRunning(platform: NodeJS.Platform = process.platform): AppRunning {
  if (platform === 'darwin') return () => run('pgrep', ['-x', 'Claude']).then((out) => out?.code === 0);
  if (platform === 'win32')
    return () =>
      run('tasklist', ['/FI', 'IMAGENAME eq Claude.exe', '/NH']).then((out) =>
        out === undefined ? undefined : /claude\.exe/i.test(out.stdout),
      );
  return async () => {
    const pids = await readdir('/proc').catch(() => undefined);
    if (!pids) return undefined;
    for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
      if (comm === 'claude-desktop' || comm === 'Claude') return true;
    }
    return false;
  };
}

function run(command: string, args: string[]): Promise<{ code: number; stdout: string } | undefined> {
  return new Promise((done) => {
    execFile(command, args, { timeout: 5000, windowsHide: true }, (error, stdout) => {
      if (error && typeof error.code !== 'number') return done(undefined);
      done({ code: typeof error?.code === 'number' ? error.code : 0, stdout: String(stdout) });
    });
  });
}
