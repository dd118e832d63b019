import { spawn } from 'node:child_process';
import type { ConfigEntry, World } from './world';
import { waitFor } from './world';

/**
 * Runs a config entry as a client that speaks raw lines: what an attacker, or a client with a bug,
 * would send. Answers are collected as they come; `exited` resolves with the exit code.
 */
export function rawClient(entry: ConfigEntry, world: World, extraEnv: NodeJS.ProcessEnv = {}) {
  const child = spawn(entry.command, entry.args ?? [], {
    env: { HOME: world.home, PATH: process.env.PATH ?? '', ...entry.env, ...extraEnv },
  });
  const answers: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      answers.push(JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>);
      buffered = buffered.slice(nl + 1);
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    answers,
    exited,
    stderr: () => stderr,
    send: (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`),
    answered: (id: unknown, timeoutMs = 60_000) =>
      waitFor(
        () => answers.find((a) => a.id === id),
        `the answer to ${String(id)} (stderr: ${stderr})`,
        timeoutMs,
      ),
    /** initialize + initialized, as every client starts. */
    async start() {
      this.send({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      });
      await this.answered('init');
      this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    },
  };
}
