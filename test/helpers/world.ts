import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cliPath } from './paths';

/**
 * A person's computer in a temp folder: a home (where client configs live) and a Portcullis data
 * folder. Everything the product reads comes from here, through HOME and PORTCULLIS_HOME.
 */
export interface World {
  root: string;
  home: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  claudeConfigPath: string;
  cursorConfigPath: string;
  cleanup(): void;
}

export function createWorld(): World {
  const root = mkdtempSync(join(tmpdir(), 'portcullis-it-'));
  const home = join(root, 'home');
  const dataDir = join(root, 'data');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    PORTCULLIS_HOME: dataDir,
    XDG_CONFIG_HOME: '',
    LANG: 'C.UTF-8',
  };
  return {
    root,
    home,
    dataDir,
    env,
    claudeConfigPath: join(home, '.config', 'Claude', 'claude_desktop_config.json'),
    cursorConfigPath: join(home, '.cursor', 'mcp.json'),
    cleanup: () => {
      stopBackgroundGateway(dataDir);
      // A gateway that is stopping still writes its last audit row and checkpoint: retry if a file
      // appears while the folder is being removed.
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** A shim may have started a detached gateway for this data folder: it must not outlive the test. */
export function stopBackgroundGateway(dataDir: string): void {
  let pid: number;
  try {
    ({ pid } = JSON.parse(readFileSync(join(dataDir, 'gateway.json'), 'utf8')) as { pid: number });
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // None running.
  }
  // Wait (up to 5 s) until it has exited, so it is not writing into a folder being removed.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 5000 && alive(pid); waited += 50) Atomics.wait(pause, 0, 0, 50);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function writeFile(path: string, text: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return readFileSync(path);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `portcullis …` as a person would, in the world's environment. */
export function runCli(world: World, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...world.env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export interface RunningGateway {
  process: ChildProcess;
  dashboardUrl: string;
  loginUrl: string;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

/** `portcullis serve` in the foreground on a free port; resolves once it prints its login link. */
export function startGateway(world: World, args: string[] = []): Promise<RunningGateway> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--no-open', ...args], {
    env: world.env,
  });
  let output = '';
  return new Promise((done, fail) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /Dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/)\?token=(\S+)/.exec(output);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.on('data', (more: Buffer) => (output += more.toString()));
      const [, dashboardUrl, token] = match as unknown as [string, string, string];
      done({
        process: child,
        dashboardUrl,
        token: decodeURIComponent(token),
        loginUrl: `${dashboardUrl}?token=${token}`,
        output: () => output,
        stop: () => stopProcess(child),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => fail(new Error(`serve exited with ${code} before it was ready:\n${output}`)));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export interface ConfigEntry {
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

/**
 * Connect an SDK client by running a config entry exactly as the file says (command, args, env),
 * the way an MCP client does: the SDK's default environment plus the entry's env.
 */
export async function connectEntry(
  entry: ConfigEntry,
  world: World,
  capabilities: ConstructorParameters<typeof Client>[1] = {},
  /** How the client names itself in initialize; a test may make it hostile. */
  clientInfo: ConstructorParameters<typeof Client>[0] = { name: 'integration-test', version: '1.0.0' },
): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: entry.command,
    args: entry.args ?? [],
    env: { HOME: world.home, PATH: process.env.PATH ?? '', ...entry.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client(clientInfo, capabilities);
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

export function readEntries(path: string, key = 'mcpServers'): Record<string, ConfigEntry> {
  return (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, ConfigEntry>>)[key]!;
}

/** Wait for something the app reports (a row, a file, a status), up to a deadline. Never a bare sleep. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An MCP SDK client running a config entry, as `connectEntry` returns it. */
export type EntryClient = Awaited<ReturnType<typeof connectEntry>>['client'];
/** What a tool call answered. */
export type CallResult = Awaited<ReturnType<EntryClient['callTool']>>;

/** The text of a tool result's first content block (every fixture answers with one). */
export function resultText(result: CallResult): string {
  return (result.content as { text: string }[])[0]!.text;
}
