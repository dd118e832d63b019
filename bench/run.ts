/**
 * `npm run bench`: the same SDK client calling an echo tool with 1 KiB arguments, directly on a
 * stdio server and through Portcullis (shim + gateway, audit on), with 1 and 8 concurrent sessions,
 * measured side by side in one run. Rounds alternate direct and gateway so machine noise hits both.
 *
 * A third path, two bare relays (bench/relay.mjs), shows the floor of any design that puts two
 * processes between client and server, as shim + gateway do: what is left above it is Portcullis's
 * own work (parsing, policy, audit, events).
 *
 * Targets (the spine issue): through Portcullis ≥ 0.5× direct throughput at 8 sessions, and under
 * 1 ms added at p50. Then the audit log at a million rows (bench/audit.ts). Exit status 1 when a
 * target is missed.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { fixtureServer, repoRoot } from '../test/helpers/paths';
import { auditBench } from './audit';
import { benchPolicy } from './policy';
import { describeSlowClient, slowClientBench } from './slow-client';
import { benchVisibleText } from './visible-text';
import { benchWorstCase, refusedAtImport, WORST_TARGET_US } from './worst-case';
import { benchRedaction } from './redact';
import { benchRisk } from './risk';
import { benchTrust, describeTrust } from './trust';
import { benchClients } from './clients';
import {
  createWorld,
  readEntries,
  runCli,
  startGateway,
  writeFile,
  type ConfigEntry,
} from '../test/helpers/world';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CALLS_PER_SESSION = Number(process.env.BENCH_CALLS ?? 1500);
const WARMUP = 200;
const MESSAGE = 'x'.repeat(1024);

interface Sample {
  latencies: number[];
  seconds: number;
}

async function connect(entry: ConfigEntry, home: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: entry.command,
      args: entry.args ?? [],
      env: { HOME: home, PATH: process.env.PATH ?? '', ...entry.env },
      stderr: 'ignore',
    }),
  );
  return client;
}

async function measure(entry: ConfigEntry, sessions: number, home: string): Promise<Sample> {
  const clients = await Promise.all(Array.from({ length: sessions }, () => connect(entry, home)));
  const call = (c: Client) => c.callTool({ name: 'echo', arguments: { message: MESSAGE } });
  for (const c of clients) for (let i = 0; i < WARMUP; i++) await call(c);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < CALLS_PER_SESSION; i++) {
        const t = performance.now();
        await call(c);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  return { latencies, seconds };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summarise(samples: Sample[]) {
  const rounds = samples.map((s) => {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), rate: s.latencies.length / s.seconds };
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    rate: median(rounds.map((r) => r.rate)),
  };
}

/** CPU time a process has used, in ms (Linux /proc; NaN elsewhere). Steadier than throughput on a busy machine. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The worst decisions the bench can construct (bench/worst-case.ts), and the patterns refused outright. */
function printWorstCase(): void {
  const rows = benchWorstCase();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `\nWorst-case decisions (${rows[0]?.decisions} each, a new value every time; load average ${load}).` +
      `\n"worst" is the costliest decision timed as the fastest of 5 runs; p99 and max also hold GC pauses and a busy machine's waits.\n`,
  );
  console.log(`${'case'.padEnd(96)}  p50 µs  p99 µs  max µs  worst µs  outcome`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(96)}${r.p50us.toFixed(0).padStart(8)}${r.p99us.toFixed(0).padStart(8)}${r.maxUs.toFixed(0).padStart(8)}${r.worstUs.toFixed(0).padStart(10)}  ${r.outcome}`,
    );
  }
  for (const r of refusedAtImport()) {
    console.log(`refused at import in ${r.ms.toFixed(0)} ms: ${r.pattern} (${r.problem})`);
  }
  const worst = Math.max(...rows.map((r) => r.worstUs));
  const met = worst < WORST_TARGET_US;
  console.log(
    `Worst decision ${worst.toFixed(0)} µs (target: < ${WORST_TARGET_US} µs → ${met ? 'met' : 'MISSED'})`,
  );
  if (!met) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'audit') return audit();
  const policy = benchPolicy();
  console.log(
    `Policy evaluation: ${policy.rules}-rule policy, ${policy.calls} calls through PolicyService.decide: ` +
      `p50 ${policy.p50us.toFixed(2)} µs, p99 ${policy.p99us.toFixed(2)} µs (target: p50 < 20 µs → ${policy.met ? 'met' : 'MISSED'})`,
  );
  if (!policy.met) process.exitCode = 1;
  const visible = benchVisibleText();
  console.log(
    `Escaping for display: 64 KiB of nothing but escaped characters ${visible.worstMs.toFixed(1)} ms ` +
      `(1 MiB: ${visible.worstMiBMs.toFixed(0)} ms), a tool name ${visible.nameUs.toFixed(3)} µs, ` +
      `the 5,000-row audit table ${visible.tableMs.toFixed(1)} ms ` +
      `(targets: < 50 ms, < 1 µs, < 250 ms → ${visible.met ? 'met' : 'MISSED'})`,
  );
  if (!visible.met) process.exitCode = 1;
  printWorstCase();
  const redaction = benchRedaction();
  console.log(redaction.lines.join('\n'));
  if (!redaction.met) process.exitCode = 1;

  const risk = benchRisk();
  console.log(
    `Risk classification: ${risk.tools} corpus tools through classifyTool: ` +
      `p50 ${risk.p50us.toFixed(2)} µs, p99 ${risk.p99us.toFixed(2)} µs per tool (target: p50 < 50 µs → ${risk.met ? 'met' : 'MISSED'})`,
  );
  if (!risk.met) process.exitCode = 1;
  const trust = benchTrust();
  console.log(describeTrust(trust));
  if (!trust.met) process.exitCode = 1;
  if (process.env.BENCH_ONLY === 'trust') return;
  const many = benchClients();
  console.log(
    `Client configs: ${many.servers} servers in one file: listed in ${many.listMs.toFixed(0)} ms, connect planned in ` +
      `${many.connectMs.toFixed(0)} ms, restore in ${many.restoreMs.toFixed(0)} ms ` +
      `(targets: < 500 ms, < 5 s, < 5 s → ${many.met ? 'met' : 'MISSED'})`,
  );
  if (!many.met) process.exitCode = 1;

  const world = createWorld();
  writeFile(
    world.claudeConfigPath,
    JSON.stringify({ mcpServers: { echo: { command: process.execPath, args: [fixtureServer] } } }),
  );
  const gateway = await startGateway(world);
  try {
    const slow = await slowClientBench(world, gateway);
    console.log(describeSlowClient(slow));
    if (!slow.met) process.exitCode = 1;
    if (process.env.BENCH_ONLY === 'bounds') return;

    const connected = await runCli(world, ['connect', 'claude-desktop']);
    if (connected.code !== 0) throw new Error(connected.stderr);
    const through = readEntries(world.claudeConfigPath).echo!;
    const direct: ConfigEntry = { command: process.execPath, args: [fixtureServer] };
    const relay = `${repoRoot}/bench/relay.mjs`;
    const relayed: ConfigEntry = {
      command: process.execPath,
      args: [relay, process.execPath, relay, process.execPath, fixtureServer],
    };
    const paths = [
      ['direct', direct],
      ['2 relays', relayed],
      ['portcullis', through],
    ] as const;

    const results: Record<string, Sample[]> = {};
    const gatewayCpu = { ms: 0, calls: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const sessions of [1, 8]) {
        for (const [mode, entry] of paths) {
          const cpuBefore = cpuMs(gateway.process.pid!);
          const sample = await measure(entry, sessions, world.home);
          if (mode === 'portcullis') {
            gatewayCpu.ms += cpuMs(gateway.process.pid!) - cpuBefore;
            gatewayCpu.calls += sessions * (CALLS_PER_SESSION + WARMUP);
          }
          (results[`${mode}:${sessions}`] ??= []).push(sample);
          process.stderr.write(
            `round ${round}: ${mode} × ${sessions} done (${(sample.latencies.length / sample.seconds).toFixed(0)} calls/s)\n`,
          );
        }
      }
    }

    const rows: string[] = [];
    let failed = false;
    console.log(
      `\nEcho with 1 KiB arguments, ${CALLS_PER_SESSION} calls per session after ${WARMUP} warm-up, median of ${ROUNDS} rounds.\n`,
    );
    console.log('sessions  path         p50 ms   p99 ms   calls/s');
    for (const sessions of [1, 8]) {
      const d = summarise(results[`direct:${sessions}`]!);
      const r = summarise(results[`2 relays:${sessions}`]!);
      const p = summarise(results[`portcullis:${sessions}`]!);
      for (const [name, s] of [
        ['direct', d],
        ['2 relays', r],
        ['portcullis', p],
      ] as const) {
        console.log(
          `${String(sessions).padEnd(10)}${name.padEnd(13)}${s.p50.toFixed(3).padStart(6)}   ${s.p99.toFixed(3).padStart(6)}   ${s.rate.toFixed(0).padStart(7)}`,
        );
      }
      const ratio = p.rate / d.rate;
      const added = p.p50 - d.p50;
      rows.push(
        `${sessions} session(s): portcullis/direct throughput ${ratio.toFixed(2)}×, added p50 ${added.toFixed(3)} ms, ` +
          `added p99 ${(p.p99 - d.p99).toFixed(3)} ms; floor (2 relays/direct) ${(r.rate / d.rate).toFixed(2)}×, ` +
          `portcullis/floor ${(p.rate / r.rate).toFixed(2)}×`,
      );
      if (sessions === 8 && ratio < 0.5) failed = true;
      if (added >= 1) failed = true;
    }
    console.log(`\n${rows.join('\n')}`);
    console.log(
      `gateway CPU per call (parse, policy, audit, events, both directions): ${((gatewayCpu.ms / gatewayCpu.calls) * 1000).toFixed(0)} µs`,
    );
    console.log(`gateway RSS after the run: ${rssMb(gateway.process.pid!).toFixed(1)} MB`);
    const audited = JSON.parse(
      (await runCli(world, ['audit', '--format', 'json', '--kind', 'call', '--limit', '1'])).stdout,
    ) as { id: number }[];
    console.log(`audit rows written: ${audited[0]?.id ?? 0} (every call through Portcullis is audited)`);
    console.log(
      `\nTargets: ≥ 0.5× direct throughput at 8 sessions, < 1 ms added at p50 → ${failed ? 'MISSED' : 'met'}`,
    );
    if (failed) process.exitCode = 1;
  } finally {
    await gateway.stop();
    world.cleanup();
  }
  await audit();
}

/** The audit log at a million rows (BENCH_AUDIT_ROWS to change; BENCH_ONLY=audit for this part alone). */
async function audit(): Promise<void> {
  const result = await auditBench();
  console.log(`\n${result.lines.join('\n')}`);
  if (!result.met) process.exitCode = 1;
}

await main();
