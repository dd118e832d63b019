import type { ChildProcess, SpawnOptions } from 'node:child_process';
import crossSpawn from 'cross-spawn';
import { LineReader } from './line-reader';
import type { Upstream, UpstreamHandlers } from './upstream';

export type SpawnFn = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

export interface StdioUpstreamOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string | undefined;
  /** Injected for tests; cross-spawn by default (it handles .cmd shims and shebangs on Windows). */
  spawn?: SpawnFn;
}

/** Spawns a registered stdio server and frames its stdout as JSON-RPC lines. */
export function startStdioUpstream(options: StdioUpstreamOptions, handlers: UpstreamHandlers): Upstream {
  const spawn = options.spawn ?? (crossSpawn as unknown as SpawnFn);
  const child = spawn(options.command, options.args, {
    env: options.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: true,
  });
  let closed = false;
  const finish = (error?: string) => {
    if (closed) return;
    closed = true;
    handlers.onClose(error);
  };

  const reader = new LineReader(handlers.onLine, (bytes, head) => {
    handlers.onStderr(
      `[portcullis] dropped a ${bytes}-byte message from the server: larger than the limit\n`,
    );
    handlers.onOversize?.(bytes, head);
  });
  child.stdout?.on('data', (chunk: Buffer) => reader.push(chunk));
  child.stdout?.on('end', () => reader.end());
  child.stderr?.on('data', (chunk: Buffer) => handlers.onStderr(chunk.toString('utf8')));
  // A server that exits while we write to it raises EPIPE here; the exit handler reports it.
  child.stdin?.on('error', () => undefined);
  child.stdin?.on('drain', () => handlers.onDrain?.());
  child.on('error', (error) => finish(error.message));
  child.on('exit', (code, signal) =>
    finish(code === 0 || signal === 'SIGTERM' ? undefined : `exited with ${signal ?? `code ${code}`}`),
  );

  return {
    get pid() {
      return child.pid;
    },
    send(line, framed) {
      if (closed || !child.stdin?.writable) return true;
      return child.stdin.write(framed ?? `${line}\n`);
    },
    buffered: () => child.stdin?.writableLength ?? 0,
    pause: () => child.stdout?.pause(),
    resume: () => child.stdout?.resume(),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      // The spec's shutdown order for stdio: close stdin, then SIGTERM, then SIGKILL.
      child.stdin?.end();
      if (await within(exited, 2000)) return;
      child.kill('SIGTERM');
      if (await within(exited, 2000)) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function within(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      done(true);
    });
  });
}
