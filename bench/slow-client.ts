/**
 * A client that stops reading while its server floods it: 300,000 notifications of 1 KB. With
 * backpressure the gateway stops reading the server instead of buffering the flood; its memory must
 * grow by at most 64 MB, and come back near where it started once the session ends.
 */
import { readFileSync } from 'node:fs';
import { rawClient } from '../test/helpers/raw-client';
import { repoRoot } from '../test/helpers/paths';
import {
  readEntries,
  runCli,
  waitFor,
  writeFile,
  type RunningGateway,
  type World,
} from '../test/helpers/world';

const NOTIFICATIONS = Number(process.env.BENCH_FLOOD ?? 300_000);
const BYTES = 1000;
const TARGET_MB = 64;

export interface SlowClientResult {
  baselineMb: number;
  peakMb: number;
  afterMb: number;
  met: boolean;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function slowClientBench(world: World, gateway: RunningGateway): Promise<SlowClientResult> {
  writeFile(
    world.cursorConfigPath,
    JSON.stringify({
      mcpServers: {
        stress: { command: process.execPath, args: [`${repoRoot}/test/fixtures/servers/stress-server.mjs`] },
      },
    }),
  );
  const connected = await runCli(world, ['connect', 'cursor']);
  if (connected.code !== 0) throw new Error(connected.stderr);
  const pid = gateway.process.pid!;
  const client = rawClient(readEntries(world.cursorConfigPath).stress!, world);
  await client.start();
  await sleep(1000);
  const baselineMb = rssMb(pid);

  // Read the first notifications, then stop reading altogether.
  client.send({
    jsonrpc: '2.0',
    id: 'flood',
    method: 'tools/call',
    params: { name: 'flood', arguments: { count: NOTIFICATIONS, bytes: BYTES } },
  });
  await waitFor(() => client.answers.length > 10, 'the flood to start');
  client.child.stdout.pause();
  let peakMb = baselineMb;
  for (let i = 0; i < 50; i++) {
    await sleep(200);
    peakMb = Math.max(peakMb, rssMb(pid));
  }
  client.child.kill('SIGKILL');
  await client.exited;
  await sleep(3000);
  const afterMb = rssMb(pid);
  return { baselineMb, peakMb, afterMb, met: peakMb - baselineMb <= TARGET_MB };
}

export function describeSlowClient(r: SlowClientResult): string {
  return (
    `Slow client: ${NOTIFICATIONS} × ${BYTES} B notifications to a client that stopped reading: gateway RSS ` +
    `${r.baselineMb.toFixed(1)} MB before, peak ${r.peakMb.toFixed(1)} MB (+${(r.peakMb - r.baselineMb).toFixed(1)} MB), ` +
    `${r.afterMb.toFixed(1)} MB after the session ended (target: ≤ +${TARGET_MB} MB → ${r.met ? 'met' : 'MISSED'})`
  );
}
