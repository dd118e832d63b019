import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { fixtureServer } from '../helpers/paths';
import { runCli } from '../helpers/world';
import { expect, test } from './fixtures';

const TARGET_PER_SECOND = Number(process.env.LIVE_LOAD_RATE ?? 1000);
const SECONDS = Number(process.env.LIVE_LOAD_SECONDS ?? 10);
const SESSIONS = 4;
/** Calls each client keeps on their way at once: one at a time cannot reach the rate through a shim. */
const IN_FLIGHT = 24;

interface LongTask {
  duration: number;
  startTime: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The page's tasks as Chromium's trace records them: how long each took on the clock (what the
 * Long Tasks API reports) and how long the page's thread actually ran (`tdur`). On a machine whose
 * cores are busy with the load itself, a task can take 60 ms on the clock for 8 ms of work: the
 * thread was waiting for a core, not working.
 */
function pageTasks(trace: { traceEvents: TraceEvent[] }): { wall: number; cpu: number }[] {
  const main = new Set(
    trace.traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return trace.traceEvents
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
}

/**
 * Drives calls through real shims and the real gateway at a steady rate, as fast as allowed up to
 * `TARGET_PER_SECOND`, for `SECONDS`. Returns how many completed and how long it took.
 */
async function drive(clients: Client[]): Promise<{ calls: number; seconds: number }> {
  const started = performance.now();
  const until = started + SECONDS * 1000;
  let issued = 0;
  let done = 0;
  let failed = 0;
  await Promise.all(
    clients.map(async (client, index) => {
      const inFlight = new Set<Promise<void>>();
      while (performance.now() < until) {
        // Stay on the schedule: no more calls than the rate allows by now.
        const allowed = ((performance.now() - started) / 1000) * TARGET_PER_SECOND;
        if (issued >= allowed || inFlight.size >= IN_FLIGHT) {
          await (inFlight.size > 0 ? Promise.race(inFlight) : new Promise((r) => setTimeout(r, 1)));
          continue;
        }
        issued++;
        const call = client
          .callTool({ name: 'echo', arguments: { message: `load ${index} ${issued}` } })
          .then(
            () => void done++,
            () => void failed++,
          )
          .finally(() => inFlight.delete(call));
        inFlight.add(call);
      }
      await Promise.all(inFlight);
    }),
  );
  expect(failed, 'calls that failed under load').toBe(0);
  return { calls: done, seconds: (performance.now() - started) / 1000 };
}

test('Live keeps up with a stream of calls: no long task in the page while it renders them', async ({
  world,
  claudeDesktop,
  livePage,
}) => {
  test.setTimeout(120_000);
  writeClaudeDesktopConfig(world, { fixture: { command: process.execPath, args: [fixtureServer] } });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  const clients: Client[] = [];
  for (let i = 0; i < SESSIONS; i++) clients.push(await claudeDesktop.connect('fixture'));
  // Warm the path (first calls start the server and compile code) before anything is measured.
  await Promise.all(clients.map((c) => c.callTool({ name: 'echo', arguments: { message: 'warm' } })));

  const { page } = livePage;
  await page.setViewportSize({ width: 1280, height: 800 });
  await livePage.open();
  await expect(livePage.rows({ tool: 'echo' }).first()).toBeVisible();
  await page.evaluate(`(() => {
    window.portcullisLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.portcullisLongTasks.push({ duration: entry.duration, startTime: entry.startTime });
      }
    }).observe({ type: 'longtask', buffered: false });
    window.portcullisFrames = 0;
    const count = () => { window.portcullisFrames++; requestAnimationFrame(count); };
    requestAnimationFrame(count);
  })()`);

  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  const { calls, seconds } = await drive(clients);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const rate = calls / seconds;
  // The call after the stream must be on screen promptly: the page kept up rather than falling behind.
  const last = await clients[0]!.callTool({ name: 'env', arguments: { name: 'HOME' } });
  expect(last.isError).toBeFalsy();
  const returned = Date.now();
  await expect(livePage.rows({ tool: 'env', status: 'ok' })).toHaveCount(1);
  const shownAfter = Date.now() - returned;

  const longTasks = (await page.evaluate('window.portcullisLongTasks')) as LongTask[];
  const frames = (await page.evaluate('window.portcullisFrames')) as number;
  const tasks = pageTasks(trace);
  const longest = Math.max(0, ...longTasks.map((t) => t.duration));
  const busiest = Math.max(0, ...tasks.map((t) => t.cpu));
  const overFifty = tasks.filter((t) => t.cpu > 50);
  const waited = tasks.filter((t) => t.wall > 50);
  console.log(
    `Live under load: ${calls} calls in ${seconds.toFixed(1)} s through ${SESSIONS} shims = ${rate.toFixed(0)} calls/s ` +
      `(target ${TARGET_PER_SECOND}), ${(frames / seconds).toFixed(0)} frames/s, the last call on screen ` +
      `${shownAfter} ms after it returned.\n` +
      `  Long Tasks API: ${longTasks.length} over 50 ms, longest ${longest.toFixed(0)} ms (clock time).\n` +
      `  Trace: ${tasks.length} tasks; the most work in one task ${busiest.toFixed(1)} ms of the page's thread; ` +
      `${overFifty.length} with over 50 ms of work; ${waited.length} over 50 ms on the clock, of which the most work was ` +
      `${Math.max(0, ...waited.map((t) => t.cpu)).toFixed(1)} ms (the rest waiting for a core).`,
  );
  expect(rate, 'calls per second the load reached').toBeGreaterThan(0.8 * TARGET_PER_SECOND);
  // Thousands of tasks ran while the calls streamed: the trace has the page's thread.
  expect(tasks.length).toBeGreaterThan(1000);
  expect(overFifty, "tasks with over 50 ms of the page's own work while calls streamed").toEqual([]);
});
