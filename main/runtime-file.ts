import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** What a running gateway tells the CLI and shims about itself, in `<dataDir>/gateway.json`. */
export const runtimeInfoSchema = z.object({
  pid: z.number().int(),
  version: z.string(),
  startedAt: z.number(),
  socketPath: z.string(),
  port: z.number().int(),
  dashboardUrl: z.string(),
  /** `desktop` for the Electron app, `headless` for `portcullis serve`. */
  mode: z.enum(['desktop', 'headless']),
});
export type RuntimeInfo = z.infer<typeof runtimeInfoSchema>;

export function writeRuntimeInfo(file: string, info: RuntimeInfo): void {
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/** The running gateway's info, or undefined when none is running (a stale file is ignored). */
export function readRuntimeInfo(file: string): RuntimeInfo | undefined {
  let info: RuntimeInfo;
  try {
    info = runtimeInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
  return isAlive(info.pid) ? info : undefined;
}

export function removeRuntimeInfo(file: string, pid: number): void {
  try {
    const info = runtimeInfoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (info.pid === pid) rmSync(file);
  } catch {
    // Already gone or not ours.
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
